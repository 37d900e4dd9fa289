using System.IO.Abstractions.TestingHelpers;
using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;

namespace XunitV3.Consumer;

/// <summary>Replays Cassettes/CassetteTests/*.json, recorded once with a real echo: nothing is spawned.</summary>
public sealed class CassetteTests
{
    [Fact, Cassette(Mode = CassetteMode.ReplayOnly)]
    public async Task Replays_the_recorded_echo()
    {
        var output = await new Command("echo", "hello from a cassette").RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("hello from a cassette", output);
    }

    /// <summary>The cassette store takes the file-system abstraction a user's tests already use (TestableIO 23).</summary>
    [Fact]
    public async Task Replays_a_cassette_from_a_mock_file_system()
    {
        var cassettes = Path.Combine(Path.GetTempPath(), "cassettes");
        var files = new MockFileSystem();
        files.AddFile(Path.Combine(cassettes, "echo.json"), new MockFileData(File.ReadAllText(Path.Combine(SourceFolder(), "Cassettes", "CassetteTests", "Replays_the_recorded_echo.json"))));
        using var runner = new RecordReplayRunner(cassettes, "echo", new CassetteOptions { Mode = CassetteMode.ReplayOnly, FileSystem = files });

        var output = await new Command("echo", "hello from a cassette").WithRunner(runner).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("hello from a cassette", output);
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
