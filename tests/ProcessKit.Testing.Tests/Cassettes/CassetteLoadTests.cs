using System.Globalization;
using System.IO.Abstractions;
using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Loading reads the file into a pooled buffer, which is usually larger than the file and may
/// hold an earlier load's bytes: only the file's own bytes are parsed.
/// </summary>
public sealed class CassetteLoadTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_small_cassette_loaded_after_a_large_one_is_read_as_written()
    {
        var large = Cassette(Enumerable.Range(0, 2_000).Select(i => Interaction("git", "log", "-n", i.ToString(CultureInfo.InvariantCulture))).ToArray());
        var small = Cassette(Interaction("git", "status"));

        var first = await LoadAsync("large", large);
        var second = await LoadAsync("small", small);

        Assert.Equal(2_000, first.Interactions.Count);
        Assert.Equal(large, CassetteSerializer.Serialize(first));
        Assert.Equal(["status"], Assert.Single(second.Interactions).Arguments);
        Assert.Equal(small, CassetteSerializer.Serialize(second));
    }

    [Fact]
    public async Task A_cassette_that_fails_to_parse_does_not_disturb_the_next_load()
    {
        var broken = Cassette(Interaction("git", "log"));
        Array.Resize(ref broken, broken.Length / 2);

        var error = await Assert.ThrowsAsync<CassetteFormatException>(() => LoadAsync("broken", broken));
        var next = await LoadAsync("next", Cassette(Interaction("git", "log")));

        Assert.Contains("cut short", error.Problem, StringComparison.Ordinal);
        Assert.Equal(["log"], Assert.Single(next.Interactions).Arguments);
    }

    [Fact]
    public async Task An_empty_file_is_a_format_error_and_a_missing_one_is_no_cassette()
    {
        var error = await Assert.ThrowsAsync<CassetteFormatException>(() => LoadAsync("empty", []));

        Assert.Contains("empty", error.Problem, StringComparison.Ordinal);
        Assert.Null(await new CassetteStore(new FileSystem(), _folder.File("missing")).LoadAsync(Token));
    }

    private async Task<CassetteDocument> LoadAsync(string name, byte[] bytes)
    {
        await File.WriteAllBytesAsync(_folder.File(name), bytes, Token);
        return (await new CassetteStore(new FileSystem(), _folder.File(name)).LoadAsync(Token))!;
    }

    private static byte[] Cassette(params CassetteInteraction[] interactions) =>
        CassetteSerializer.Serialize(new CassetteDocument { Version = CassetteDocument.CurrentVersion, Interactions = [.. interactions] });

    private static CassetteInteraction Interaction(string program, params string[] arguments) => new()
    {
        Verb = InteractionVerbs.Output,
        Program = program,
        Arguments = [.. arguments],
        EnvironmentNames = ["GIT_DIR"],
        StandardInput = StandardInputValues.None,
        ExitCode = 0,
        TimedOut = false,
        DurationMs = 1,
        RecordedAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
        StandardOutput = "out {{date:1}}\n",
        StandardError = "",
        Values = new Dictionary<string, string>(StringComparer.Ordinal) { ["date:1"] = "2026-11-22T00:00:00+00:00" },
    };
}
