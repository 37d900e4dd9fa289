using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Record a real tool once, replay it without the tool: git is recorded with the real runner,
/// then replayed with git removed from PATH (so running it for real would fail).
/// </summary>
public sealed class GitRecordReplayTests : SpawningTest
{
    private const string NoGitPath = "/nonexistent-bin";

    private string Cassettes => TempPath("cassettes");

    [LinuxFact]
    public async Task Git_version_replays_with_git_removed_from_PATH()
    {
        string recorded;
        await using (var recorder = new RecordReplayRunner(Cassettes, "git-version", new CassetteOptions { Mode = CassetteMode.RecordAll }))
        {
            recorded = await recorder.RunAsync(Track(new Command("git", "--version")), Token);
        }

        Assert.StartsWith("git version ", recorded, StringComparison.Ordinal);
        var withoutGit = Track(new Command("git", "--version")).WithEnvironment("PATH", NoGitPath);
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => withoutGit.OutputAsync(Token));

        await using var player = new RecordReplayRunner(Cassettes, "git-version", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal(recorded, await withoutGit.WithRunner(player).RunAsync(Token));
    }

    [LinuxFact]
    public async Task Git_log_of_a_temporary_repository_replays_with_its_dates_and_paths()
    {
        var repository = TempPath("repo");
        Directory.CreateDirectory(repository);
        await GitAsync(repository, "init", "--quiet");
        await GitAsync(repository, "commit", "--quiet", "--allow-empty", "-m", "first commit");
        await GitAsync(repository, "commit", "--quiet", "--allow-empty", "-m", "second commit");
        var log = Track(new Command("git", "log", "--format=%H %aI %s")).WithWorkingDirectory(repository);
        var topLevel = Track(new Command("git", "rev-parse", "--show-toplevel")).WithWorkingDirectory(repository);

        ProcessResult recordedLog, recordedTopLevel;
        await using (var recorder = new RecordReplayRunner(Cassettes, "git-log", new CassetteOptions { Mode = CassetteMode.RecordAll }))
        {
            recordedLog = await recorder.OutputAsync(log, Token);
            recordedTopLevel = await recorder.OutputAsync(topLevel, Token);
        }

        Assert.Equal(0, recordedLog.ExitCode);
        Assert.Equal(2, recordedLog.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(repository, recordedTopLevel.StandardOutput.Trim());
        var cassette = await File.ReadAllTextAsync(Path.Combine(Cassettes, "git-log.json"), Token);
        Assert.Contains("{{date:1}}", cassette, StringComparison.Ordinal);
        Assert.Contains("\"date:1\":", cassette, StringComparison.Ordinal);
        Assert.Contains("{{cwd}}", cassette, StringComparison.Ordinal);
        Assert.DoesNotContain(repository, cassette, StringComparison.Ordinal);

        await using var player = new RecordReplayRunner(Cassettes, "git-log", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var replayedLog = await player.OutputAsync(log.WithEnvironment("PATH", NoGitPath), Token);
        var replayedTopLevel = await player.OutputAsync(topLevel.WithEnvironment("PATH", NoGitPath), Token);

        Assert.Equal(recordedLog.StandardOutput, replayedLog.StandardOutput);
        Assert.Equal(recordedLog.ExitCode, replayedLog.ExitCode);
        Assert.Equal(recordedLog.Duration.TotalMilliseconds, replayedLog.Duration.TotalMilliseconds, 0.001);
        Assert.Equal(recordedTopLevel.StandardOutput, replayedTopLevel.StandardOutput);
    }

    [LinuxFact]
    public async Task A_failing_git_command_replays_its_exit_code_and_stderr()
    {
        var notARepository = TempPath("plain");
        Directory.CreateDirectory(notARepository);
        var status = Track(new Command("git", "status")).WithWorkingDirectory(notARepository).WithEnvironment("GIT_CEILING_DIRECTORIES", TempDirectory);

        ProcessResult recorded;
        await using (var recorder = new RecordReplayRunner(Cassettes, "git-status", new CassetteOptions { Mode = CassetteMode.RecordAll }))
        {
            recorded = await recorder.OutputAsync(status, Token);
        }

        Assert.NotEqual(0, recorded.ExitCode);
        await using var player = new RecordReplayRunner(Cassettes, "git-status", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var replayed = await player.OutputAsync(status.WithEnvironment("PATH", NoGitPath), Token);
        Assert.Equal(recorded.ExitCode, replayed.ExitCode);
        Assert.Equal(recorded.StandardError, replayed.StandardError);
        Assert.Throws<ProcessExitException>(() => replayed.EnsureSuccess());
    }

    private Task<string> GitAsync(string repository, params string[] arguments) =>
        Track(new Command("git", ["-c", "user.name=ProcessKit Test", "-c", "user.email=test@example.com", .. arguments]))
            .WithWorkingDirectory(repository)
            .RunAsync(Token);
}
