using Microsoft.Extensions.DependencyInjection;
using ProcessKit.Testing;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code under test in docs/testing.md: it shells out to git through the runner it is given.</summary>
public sealed class GitClient(IProcessRunner runner)
{
    public Task<string> CurrentBranchAsync(string repository, CancellationToken cancellationToken = default) =>
        runner.RunAsync(new Command("git", "branch", "--show-current").WithWorkingDirectory(repository), cancellationToken);

    public Task<bool> IsCleanAsync(string repository, CancellationToken cancellationToken = default) =>
        runner.ProbeAsync(new Command("git", "diff", "--quiet").WithWorkingDirectory(repository), cancellationToken);

    public async Task FetchAsync(string repository, CancellationToken cancellationToken = default)
    {
        var fetch = new Command("git", "fetch", "--prune").WithWorkingDirectory(repository).WithTimeout(TimeSpan.FromMinutes(2));
        for (var attempt = 1; ; attempt++)
        {
            var result = await runner.OutputAsync(fetch, cancellationToken);
            if (result.IsSuccess || attempt == 3)
            {
                result.EnsureSuccess();
                return;
            }
        }
    }
}

/// <summary>Code that cannot take a runner: it runs commands with the verbs on Command.</summary>
public static class LegacyBuild
{
    public static Task<string> VersionAsync() => new Command("dotnet", "--version").RunAsync();
}

/// <summary>The code docs/testing.md shows. It only has to compile.</summary>
public static class TestingSnippets
{
    public static void RegisterServices(IServiceCollection services)
    {
        services.AddProcessKit();
        services.AddSingleton<GitClient>();
    }

    public static void RegisterDouble(IServiceCollection services)
    {
        var runner = new ScriptedRunner()
            .On("git", "branch", "--show-current").Always(ScriptedReply.Success("main\n"));
        services.AddProcessKit(runner);
    }

    public static async Task<string> ConstructorInjection()
    {
        var runner = new ScriptedRunner()
            .On("git", "branch", "--show-current").Always(ScriptedReply.Success("main\n"));
        var git = new GitClient(runner);

        string branch = await git.CurrentBranchAsync("/src/app"); // "main": nothing was spawned
        return branch;
    }

    public static async Task<string> CommandWithRunner(ScriptedRunner runner)
    {
        var status = new Command("git", "status", "--porcelain").WithRunner(runner);
        return await status.RunAsync();
    }

    public static async Task<string> AmbientScope()
    {
        var runner = new ScriptedRunner()
            .On("dotnet", "--version").Always(ScriptedReply.Success("10.0.401\n"));
        using (ProcessRunnerScope.Use(runner))
        {
            return await LegacyBuild.VersionAsync(); // "10.0.401"
        }
    }

    public static ScriptedRunner Patterns()
    {
        var runner = new ScriptedRunner()
            .On("git", "status", "--porcelain").Always(ScriptedReply.Success())
            .On(CommandPattern.Prefix("git", "log")).Always(ScriptedReply.Success("abc123 first commit\n"))
            .On(CommandPattern.Program("dotnet")).Always(ScriptedReply.Success())
            .On(CommandPattern.Matching("kill", "-[0-9]+", @"\d+")).Always(ScriptedReply.Success())
            .On(CommandPattern.AnyArguments("ls", minCount: 1, maxCount: 2)).Always(ScriptedReply.Success("a\nb\n"))
            .On(CommandPattern.Program("deploy").InDirectory("/srv/app").WithEnvironment("STAGE", "prod")).Always(ScriptedReply.Success())
            .On(CommandPattern.Program("psql").WithStandardInput(sql => sql.StartsWith("SELECT", StringComparison.Ordinal), "a query")).Always(ScriptedReply.Success("1\n"))
            .On(CommandPattern.Where(c => c.Timeout is null, "a command without a timeout")).Always(ScriptedReply.Failure(2, "set a timeout"));
        return runner;
    }

    public static ScriptedRunner Replies(ScriptedRunner runner)
    {
        runner
            .On("git", "rev-parse", "HEAD").Always(ScriptedReply.Success("abc123\n"))
            .On("git", "push").Once(ScriptedReply.Failure(1, "rejected: non-fast-forward"))
            .On("gzip", "-c").Always(ScriptedReply.Bytes(new byte[] { 0x1f, 0x8b, 0x08 }))
            .On("make", "test").Always(ScriptedReply.TimedOut("running 412 tests\n"))
            .On("crashy").Always(ScriptedReply.KilledBy(11, standardError: "Segmentation fault"))
            .On(CommandPattern.Program("terraform")).Always(ScriptedReply.NotFound())
            .On("./deploy.sh").Always(ScriptedReply.PermissionDenied())
            .On("tail", "-f", "app.log").Always(ScriptedReply.Pending())
            .On("echo-args").Always(ScriptedReply.Computed(c => ScriptedReply.Success(string.Join(' ', c.Arguments) + "\n")))
            .On("flaky").Always(ScriptedReply.Throws(new IOException("disk full")));
        return runner;
    }

    public static ScriptedRunner StreamedServer()
    {
        var runner = new ScriptedRunner()
            .On(CommandPattern.Program("redis-server")).Always(ScriptedReply.Streamed(
                [
                    ScriptedLine.Out("Server initialized"),
                    ScriptedLine.Out("Ready to accept connections tcp").After(TimeSpan.FromSeconds(2)),
                ],
                ScriptedExit.WhenStopped));
        return runner;
    }

    public static async Task<string?> Dialog()
    {
        var runner = new ScriptedRunner()
            .On("bc", "-q").Always(ScriptedReply.Dialog(new Dictionary<string, string> { ["6*7"] = "42" }));

        await using var bc = await new Command("bc", "-q").KeepStandardInputOpen().WithRunner(runner).StartAsync();
        await bc.StandardInput.WriteLineAsync("6*7");
        await foreach (var answer in bc.StandardOutputLines)
        {
            return answer; // "42"
        }

        return null;
    }

    public static async Task<string> DialogOneShot(ScriptedRunner runner)
    {
        runner.On("bc", "-q").Always(ScriptedReply.Dialog(line => [line == "6*7" ? "42" : "syntax error"]));

        var result = await new Command("bc", "-q").WithStandardInput("6*7\n").WithRunner(runner).OutputAsync();
        return result.StandardOutput; // "42\n"
    }

    public static async Task Consumption()
    {
        var runner = new ScriptedRunner()
            .On("git", "fetch").InSequence(
                ScriptedReply.Failure(128, "Could not resolve host"),
                ScriptedReply.Success())
            .On("git", "gc").InSequence([ScriptedReply.Success(), ScriptedReply.Success()], AfterLastReply.Miss);

        await new GitClient(runner).FetchAsync("/src/app"); // fails once, retries, succeeds
        runner.VerifyAllConsumed(); // throws ProcessAssertionException: "#2 git gc (...): never used"
    }

    public static ScriptedRunner PassThrough()
    {
        var runner = new ScriptedRunner()
            .On(CommandPattern.Prefix("git", "push")).Always(ScriptedReply.Success())
            .PassThrough("git"); // every other git command really runs; anything else is still strict
        return runner;
    }

    public static async Task Spying()
    {
        var scripted = new ScriptedRunner().On(CommandPattern.Program("git")).Always(ScriptedReply.Success());
        var spy = new RecordingRunner(scripted);

        await new GitClient(spy).FetchAsync("/src/app");

        RecordedCall fetch = spy.AssertRan("git", "fetch", "--prune"); // exactly these arguments
        spy.AssertDidNotRun("git", "push"); // no git push, whatever its further arguments
        spy.AssertRan(CommandPattern.Program("git"), times: 1);
        spy.AssertRanInOrder(CommandPattern.Prefix("git", "fetch"));
        bool pushed = spy.WasCalled(CommandPattern.Prefix("git", "push")); // false
        int gitCalls = spy.CallCount(CommandPattern.Program("git")); // 1
        Console.WriteLine($"{fetch.WorkingDirectory} {fetch.Verb} {fetch.Duration} {pushed} {gitCalls}");
    }

    public static async Task SpyOnRealRuns()
    {
        var spy = new RecordingRunner(ProcessRunner.Default, new RecordingRunnerOptions { RecordEnvironmentValues = true });

        await new Command("git", "--version").WithEnvironment("GIT_TRACE", "0").WithEnvironment("GIT_TOKEN", "t").WithRunner(spy).RunAsync();

        RecordedCall call = spy.Single();
        // call.Environment: GIT_TOKEN (secret: no value, ever), GIT_TRACE=0
        // call.StandardInput: None; call.Result: the ProcessResult; call.Duration: how long it took
        Console.WriteLine(string.Join(", ", call.Environment));
    }

    public static async Task RecipeNotInstalled(ScriptedRunner runner)
    {
        runner.On(CommandPattern.Program("docker")).Always(ScriptedReply.NotFound());

        try
        {
            await new Command("docker", "ps").WithRunner(runner).RunAsync();
        }
        catch (FileNotFoundException e)
        {
            Console.WriteLine(e.Message); // "The program 'docker' was not found on PATH. Searched: ..."
        }
    }

    public static async Task<bool> RecipeHungProcess(ScriptedRunner runner, TimeProvider clock)
    {
        runner.On("curl", "https://example.com").Always(ScriptedReply.Pending());

        var result = await new Command("curl", "https://example.com")
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithTimeProvider(clock) // a manual clock in the test: advance it 30 s, nothing really waits
            .WithRunner(runner)
            .OutputAsync();
        return result.TimedOut; // true
    }

    public static async Task RecipeReadiness(ScriptedRunner runner)
    {
        runner.On(CommandPattern.Program("my-service")).Always(ScriptedReply.Streamed(
            [ScriptedLine.Out("loading"), ScriptedLine.Out("listening on 8080").After(TimeSpan.FromSeconds(1))],
            ScriptedExit.WhenStopped));

        await using var service = await new Command("my-service").WithRunner(runner).StartAsync();
        await foreach (var line in service.StandardOutputLines)
        {
            if (line.StartsWith("listening", StringComparison.Ordinal))
            {
                break;
            }
        }

        await service.TerminateAsync(TimeSpan.FromSeconds(5)); // true: a scripted process obeys SIGTERM
    }

    public static async Task RecipeMissExplained()
    {
        var runner = new ScriptedRunner().On("git", "pull", "origin").Always(ScriptedReply.Success());

        try
        {
            await new Command("git", "push", "origin").WithRunner(runner).RunAsync();
        }
        catch (UnscriptedCommandException e)
        {
            Console.WriteLine(e.Message);
        }
    }
}
