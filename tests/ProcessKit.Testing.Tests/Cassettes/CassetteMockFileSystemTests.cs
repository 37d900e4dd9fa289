using System.IO.Abstractions.TestingHelpers;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// A cassette kept in a <see cref="MockFileSystem"/> (<see cref="CassetteOptions.FileSystem"/>):
/// recorded, locked, saved and replayed without a file on disk. The mock's lock is its own
/// (streams it has open exclude each other), and the directories a cassette normalises are still
/// this machine's, where the commands run.
/// </summary>
public sealed class CassetteMockFileSystemTests
{
    /// <summary>A directory never created on disk: only the mock holds it.</summary>
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"processkit-mock-only-{Guid.NewGuid():N}");

    private readonly MockFileSystem _files = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Cassette => Path.Combine(_directory, "GitTests", "status.json");

    [Fact]
    public async Task A_cassette_is_recorded_and_replayed_entirely_inside_a_MockFileSystem()
    {
        var real = new CannedRunner();
        await using (var recorder = Runner(new CassetteOptions { Runner = real }))
        {
            Assert.Equal("git status", await recorder.RunAsync(new Command("git", "status"), Token));
        }

        await using (var replayer = Runner(new CassetteOptions { Mode = CassetteMode.ReplayOnly }))
        {
            Assert.Equal("git status", await replayer.RunAsync(new Command("git", "status"), Token));
        }

        Assert.Equal(1, real.Calls);
        Assert.Equal([Cassette, CassetteLock.LockPathOf(Cassette)], _files.AllFiles.Order(StringComparer.Ordinal));
        Assert.Contains("\"status\"", _files.File.ReadAllText(Cassette), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory), "nothing is written to disk");
    }

    [Fact]
    public async Task Writers_sharing_a_MockFileSystem_wait_for_each_others_lock()
    {
        var clock = new FakeTimeProvider();
        var waiting = new LockWaitSignal();
        await using var runner = Runner(new CassetteOptions { Runner = new CannedRunner(), TimeProvider = clock, Logger = waiting.Logger });
        await runner.OutputAsync(new Command("git", "status"), Token);
        _files.Directory.CreateDirectory(Path.GetDirectoryName(Cassette)!);

        var held = await CassetteLock.AcquireAsync(_files, Cassette, TimeSpan.Zero, clock, onWaiting: null, Token);
        var save = runner.SaveAsync(Token);
        await waiting.Waiting.WaitAsync(Token);
        Assert.False(save.IsCompleted);
        Assert.False(_files.File.Exists(Cassette));

        held.Dispose();
        clock.Advance(CassetteLock.PollInterval);
        await save.WaitAsync(Token);

        Assert.True(_files.File.Exists(Cassette));
    }

    [Fact]
    public async Task A_symlinked_folder_in_a_MockFileSystem_is_refused_too()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), $"processkit-mock-elsewhere-{Guid.NewGuid():N}");
        _files.Directory.CreateDirectory(elsewhere);
        _files.Directory.CreateSymbolicLink(Path.Combine(_directory, "GitTests"), elsewhere);
        var runner = Runner(new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll });
        await runner.OutputAsync(new Command("git", "status"), Token);

        await Assert.ThrowsAsync<CassetteLinkException>(() => runner.SaveAsync(Token));

        Assert.Empty(_files.Directory.EnumerateFileSystemEntries(elsewhere));
        runner.MarkFailed();
        await runner.DisposeAsync();
    }

    [Fact]
    public async Task The_temporary_directory_normalised_is_this_machines_not_the_mocks()
    {
        var file = Path.Combine(Path.GetTempPath(), "build", "out.log");
        await using (var recorder = Runner(new CassetteOptions { Runner = new CannedRunner(command => CannedRunner.Result(command, file + "\n")) }))
        {
            await recorder.OutputAsync(new Command("build"), Token);
        }

        var text = _files.File.ReadAllText(Cassette);
        Assert.Contains("{{temp}}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(file, text.Replace("\\\\", "\\", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private RecordReplayRunner Runner(CassetteOptions options) =>
        new(_directory, "GitTests/status", options with { FileSystem = _files }, _ => null, () => []);
}
