using System.IO.Abstractions;
using System.Text.RegularExpressions;
using ProcessKit.Testing;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code docs/cassettes.md shows.</summary>
public static class CassettesSnippets
{
    private const string CassetteDirectory = "tests/cassettes";

    public static async Task QuickStart()
    {
        // First run: git runs for real and the cassette is written when the runner is disposed.
        // Every later run, on any machine: the cassette replays, git never runs.
        await using var git = new RecordReplayRunner("tests/cassettes", "GitTests/recent-commits");
        var log = await new Command("git", "log", "--oneline", "-n", "5").WithRunner(git).RunAsync();
    }

    public static async Task InATest()
    {
        await using var runner = new RecordReplayRunner(CassetteDirectory, "ReleaseNotes/last-tag");
        try
        {
            var tag = await new ReleaseNotes(runner).LastTagAsync();
            if (tag != "v1.4.0")
            {
                throw new InvalidOperationException($"Expected v1.4.0, got {tag}.");
            }
        }
        catch
        {
            runner.MarkFailed(); // a failed test never saves a half-recorded cassette
            throw;
        }
    }

    public static async Task Ambient()
    {
        await using var runner = new RecordReplayRunner(CassetteDirectory, "Build/legacy");
        using (ProcessRunnerScope.Use(runner))
        {
            await LegacyBuild.RunAsync(); // its Command(...).RunAsync() calls go through the cassette
        }
    }

    public static CassetteOptions Options(string apiKey) => new()
    {
        Mode = CassetteMode.NewEpisodes,
        MatchOn = CassetteMatchOn.Default | CassetteMatchOn.WorkingDirectory,
        Secrets = [apiKey],
        SecretEnvironmentVariables = ["DATABASE_URL"],
        Replacements = [new CassetteReplacement("port", @"(?<=localhost:)\d+")],
        Playback = CassettePlayback.RecordedSpeed,
        LockTimeout = TimeSpan.FromMinutes(1),
    };

    public static CassetteOptions VendorTokens() => new()
    {
        SecretPatterns =
        [
            new Regex("acme_[0-9a-f]{32}"),             // the whole match is the secret
            new Regex(@"Session-Id: (?<secret>\S+)"),   // only the group named "secret" is
        ],
    };

    public static CassetteOptions CustomMatcher() => new()
    {
        // Any "kubectl apply -f FILE" replays the next recorded one: the file name changes every run.
        Matcher = (command, recorded) =>
            command.Program == recorded.Program && command.Arguments.Take(2).SequenceEqual(recorded.Arguments.Take(2)),
    };

    public static async Task StartedProcess(RecordReplayRunner runner)
    {
        await using var redis = await new Command("redis-server", "--port", "6380").WithRunner(runner).StartAsync();
        await foreach (var line in redis.StandardOutputLines)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                break;
            }
        }

        // Replayed, the server "runs" until it is stopped, as it did when it was recorded.
        await redis.TerminateAsync(TimeSpan.FromSeconds(5));
    }

    public static async Task Conversation(RecordReplayRunner runner)
    {
        await using var calculator = await new Command("bc", "-q").KeepStandardInputOpen().WithRunner(runner).StartAsync();
        await calculator.StandardInput.WriteLineAsync("6*7");
        await using var answers = calculator.StandardOutputLines.GetAsyncEnumerator();
        await answers.MoveNextAsync(); // "42"
        await calculator.StandardInput.CloseAsync(); // a replayed conversation ends here
    }

    public static RecordReplayRunner OtherFileSystem(IFileSystem fileSystem) =>
        new(CassetteDirectory, "GitTests/status", new CassetteOptions { FileSystem = fileSystem });

    /// <summary>Code under test: it takes the runner, so a test hands it a cassette.</summary>
    public sealed class ReleaseNotes(IProcessRunner runner)
    {
        public Task<string> LastTagAsync() => runner.RunAsync(new Command("git", "describe", "--tags", "--abbrev=0"));
    }

    private static class LegacyBuild
    {
        public static Task<string> RunAsync() => new Command("make", "all").RunAsync();
    }
}
