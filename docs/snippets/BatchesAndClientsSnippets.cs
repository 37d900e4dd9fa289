namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/batches-and-clients.md.</summary>
internal static class BatchesAndClientsSnippets
{
    public static async Task CompressEveryLog(string directory, CancellationToken cancellationToken)
    {
        var commands = Directory.GetFiles(directory, "*.log").Select(file => new Command("gzip", "--keep", file));

        IReadOnlyList<BatchItemResult> results = await commands.OutputAllAsync(concurrency: 4, cancellationToken);

        foreach (BatchItemResult item in results)
        {
            if (!item.HasResult)
            {
                Console.WriteLine($"#{item.Index} did not start: {item.Error.Message}");
            }
            else if (!item.IsSuccess)
            {
                Console.WriteLine($"#{item.Index} {item.Result.Status}: {item.Result.Diagnostic}");
            }
        }
    }

    public static async Task StreamResults(IEnumerable<Command> commands, CancellationToken cancellationToken)
    {
        await foreach (BatchItemResult item in commands.OutputAsCompletedAsync(concurrency: 8, cancellationToken))
        {
            Console.WriteLine($"#{item.Index} {item.Command}: {(item.IsSuccess ? "ok" : "failed")}");
        }
    }

    public static IReadOnlyList<string> AllOrNothing(IEnumerable<Command> commands)
    {
        IReadOnlyList<BatchItemResult> results = commands.OutputAll();
        return [.. results.Select(item => item.GetResultOrThrow().EnsureSuccess().StandardOutput)];
    }

    public static async Task UseGit(string repository, string patch, CancellationToken cancellationToken)
    {
        var git = new CliClient("git")
            .WithWorkingDirectory(repository)
            .WithLeadingArguments("--no-pager")
            .WithEnvironment("GIT_TERMINAL_PROMPT", "0")
            .WithTimeout(TimeSpan.FromSeconds(30));

        string head = await git.RunAsync("rev-parse", "HEAD");
        bool clean = await git.ProbeAsync(["diff", "--quiet"], cancellationToken);
        ProcessResult log = await git.OutputAsync(["log", "-5", "--oneline"], cancellationToken);

        // This call only: feed the patch on stdin and allow it longer than the default.
        await git.RunAsync(
            ["apply", "-"],
            command => command.WithStandardInput(patch).WithTimeout(TimeSpan.FromMinutes(2)),
            cancellationToken);

        // The command itself, for anything else a Command can do.
        Command fetch = git.Command("fetch", "origin").WithTimeout(TimeSpan.FromMinutes(5));
        await using RunningProcess running = await fetch.StartAsync(cancellationToken);

        Console.WriteLine($"{head} {clean} {log.StandardOutput} {running.Id}");
    }

    public static CliClient FromATemplate() =>
        new(new Command("kubectl", "--context", "staging").WithTimeout(TimeSpan.FromSeconds(20)));

    public static async Task<string> TestWithADouble(CliClient git, IProcessRunner runner)
    {
        // In a test: the same client, with every call answered by a double.
        var service = new GitService(git.WithRunner(runner));
        return await service.CurrentBranchAsync();
    }

    public static async Task RunInAShell(string path, string userFile)
    {
        string version = await Command.Shell("node --version").RunAsync();

        try
        {
            Command.Shell($"convert {userFile} out.png");
        }
        catch (UnsafeShellScriptException e)
        {
            Console.WriteLine($"refused '{e.Character}' ({e.Meaning}) at position {e.Position}");
        }

        string count = await Command.Shell("ls *.txt | wc -l", allowShellFeatures: true).RunAsync();
        string size = await Command.Shell("wc -c < \"$1\"", allowShellFeatures: true).AddArguments("sh", path).RunAsync();

        Console.WriteLine($"{version} {count} {size}");
    }

    private sealed class GitService(CliClient git)
    {
        public Task<string> CurrentBranchAsync() => git.RunAsync("branch", "--show-current");
    }
}
