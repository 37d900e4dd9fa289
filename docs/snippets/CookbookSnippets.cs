using System.Text.RegularExpressions;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/cookbook.md.</summary>
internal static class CookbookSnippets
{
    internal static async Task StartAServerAndWait(CancellationToken cancellationToken)
    {
        await using var server = await new Command("redis-server", "--port", "6390", "--save", "").StartAsync(cancellationToken);
        await server.WaitForPortAsync(6390, TimeSpan.FromSeconds(30), cancellationToken);
        // use it; leaving the scope kills and reaps its whole tree
    }

    internal static async Task WaitForALogLine(CancellationToken cancellationToken)
    {
        await using var app = await new Command("my-app", "--port", "0").StartAsync(cancellationToken);
        OutputLine line = await app.WaitForLineAsync(new Regex(@"listening on port \d+"), TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        Console.WriteLine(line.Text);
    }

    internal static async Task TailALongBuild(CancellationToken cancellationToken)
    {
        await using var build = await new Command("make", "-j8").StartAsync(cancellationToken);
        await foreach (OutputLine line in build.Output.WithCancellation(cancellationToken))
            Console.WriteLine(line);            // "[stderr] ..." for standard error
        ProcessResult result = await build.WaitForExitAsync(cancellationToken);
    }

    internal static async Task TalkToARepl(CancellationToken cancellationToken)
    {
        await using var python = await new Command("python3", "-i", "-q").KeepStandardInputOpen().StartAsync(cancellationToken);
        await python.StandardInput.WriteLineAsync("print(6 * 7)", cancellationToken);
        OutputLine answer = await python.WaitForLineAsync(new Regex("^42$"), TimeSpan.FromSeconds(10), OutputSource.StandardOutput, cancellationToken);
        await python.StandardInput.CloseAsync();
    }

    internal static async Task StopGracefully(RunningProcess server)
    {
        if (!await server.TerminateAsync(TimeSpan.FromSeconds(10)))
            Console.WriteLine("did not stop on SIGTERM within 10 s; it was killed");
    }

    internal static async Task PipeWithoutAShell(CancellationToken cancellationToken)
    {
        string newest = await (new Command("ls", "-t", "/var/log").AllowFailureInPipeline() | new Command("head", "-n", "1"))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .RunAsync(cancellationToken);
    }

    internal static async Task RunManyAtOnce(string[] files, CancellationToken cancellationToken)
    {
        var checks = files.Select(file => new Command("shellcheck", file));
        foreach (BatchItemResult item in await checks.OutputAllAsync(concurrency: 4, cancellationToken))
            Console.WriteLine($"{item.Command}: {(item.IsSuccess ? "ok" : "problems")}");
    }

    internal static async Task KeepAHelperAlive(CancellationToken cancellationToken)
    {
        var supervisor = new Supervisor(new Command("flaky-helper"), new SupervisorOptions { RestartPolicy = RestartPolicy.OnFailure, MaxRestarts = 5 });
        SupervisorOutcome outcome = await supervisor.RunAsync(cancellationToken);
    }

    internal static async Task WrapATool(CancellationToken cancellationToken)
    {
        var git = new CliClient("git").WithWorkingDirectory("/src/repo").WithTimeout(TimeSpan.FromSeconds(30));
        string branch = await git.RunAsync(["branch", "--show-current"], cancellationToken);
    }

    internal static async Task KeepSeveralProcessesTogether(CancellationToken cancellationToken)
    {
        await using var group = ProcessGroup.Create();
        await using var db = await group.StartAsync(new Command("postgres", "-D", "/tmp/pgdata"), cancellationToken);
        await using var api = await group.StartAsync(new Command("my-api"), cancellationToken);
        // disposing the group stops both trees, whatever they spawned or detached
    }

    internal static async Task ReplaceTheRunnerInATest(IProcessRunner fake)
    {
        using (ProcessRunnerScope.Use(fake))
        {
            await new Command("git", "fetch").RunAsync();   // served by the fake, nothing spawns
        }
    }

    internal static async Task UseAShellOnPurpose()
    {
        string count = await Command.Shell("ls *.txt | wc -l", allowShellFeatures: true).RunAsync();
    }
}
