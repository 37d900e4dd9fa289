namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/running-commands.md.</summary>
internal static class RunningCommandsSnippets
{
    internal static async Task FirstCommand()
    {
        string status = await new Command("git", "status", "--porcelain")
            .WithWorkingDirectory("/path/to/repo")
            .WithTimeout(TimeSpan.FromSeconds(30))
            .RunAsync();
    }

    internal static async Task Reuse(string repository)
    {
        var git = new Command("git")
            .WithWorkingDirectory(repository)
            .WithTimeout(TimeSpan.FromSeconds(30));

        string branch = await git.WithArguments("branch", "--show-current").RunAsync();
        string head = await git.WithArguments("rev-parse", "HEAD").RunAsync();
    }

    internal static async Task ShellWhenNeeded(string path)
    {
        // The shell does the globbing and the pipe.
        string count = await new Command("sh", "-c", "ls *.txt | wc -l").RunAsync();

        // The value arrives as $1, so no quoting can go wrong.
        string bytes = await new Command("sh", "-c", "wc -c < \"$1\"", "sh", path).RunAsync();
    }

    internal static void Environment()
    {
        var test = new Command("dotnet", "test")
            .InheritEnvironment("PATH", "HOME", "DOTNET_ROOT")   // an allow-list from this process
            .WithEnvironment("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .WithEnvironment(new Dictionary<string, string> { ["CI"] = "true", ["TZ"] = "UTC" });

        // Everything from this process except one variable.
        var log = new Command("git", "log", "-1").WithoutEnvironment("GIT_DIR");
    }

    internal static async Task Input()
    {
        string sorted = await new Command("sort").WithStandardInput("pear\napple\nfig\n").RunAsync();

        await new Command("gzip", "-c")
            .WithStandardInput(StandardInput.FromFile("build.log"))
            .WithStandardOutput(OutputTarget.ToFile("build.log.gz"))
            .RunAsync();

        await using var payload = File.OpenRead("payload.json");
        await new Command("curl", "--fail", "--data-binary", "@-", "http://localhost:8080/import")
            .WithStandardInput(StandardInput.FromStream(payload))
            .RunAsync();
    }

    internal static async Task LineHandler()
    {
        var warnings = 0;
        ProcessResult build = await new Command("dotnet", "build", "--nologo")
            .WithStandardOutput(OutputTarget.ToLineHandler(line =>
            {
                Console.WriteLine(line);
                if (line.Contains("warning", StringComparison.Ordinal))
                    Interlocked.Increment(ref warnings);
            }))
            .WithStandardError(OutputTarget.ToFile("build.err"))
            .OutputAsync();
    }

    internal static async Task Limit()
    {
        ProcessResult log = await new Command("journalctl", "--no-pager", "-u", "my-service")
            .WithOutputLimit(new OutputLimit(maxLines: 200, overflow: OverflowPolicy.DropOldest))
            .OutputAsync();
        if (log.StandardOutputTruncated)
            Console.WriteLine("(showing the last 200 lines)");
    }

    internal static async Task Timeout()
    {
        ProcessResult server = await new Command("my-server", "--check-config")
            .WithTimeout(TimeSpan.FromSeconds(10), grace: TimeSpan.FromSeconds(2))
            .OutputAsync();
        if (server.TimedOut)
            Console.WriteLine($"gave up: {server}");
    }

    internal static async Task SuccessCodes()
    {
        // diff exits 1 when the files differ: that is an answer, not a failure.
        string patch = await new Command("diff", "-u", "expected.txt", "actual.txt")
            .WithSuccessExitCodes(0, 1)
            .RunAsync();
    }

    internal static Task<ProcessResult> Clock(Command command, TimeProvider clock)
    {
        static Task<ProcessResult> RunWithDeadline(Command command, TimeProvider clock) =>
            command.WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync();
        return RunWithDeadline(command, clock);
    }

    internal static async Task Errors()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            string version = await new Command("node", "--version").RunAsync(cts.Token);
            bool hasTag = await new Command("git", "rev-parse", "--verify", "--quiet", "refs/tags/v1.0")
                .WithStandardOutput(OutputTarget.Discard)
                .ProbeAsync(cts.Token);
            int code = await new Command("sh", "-c", "exit 3").ExitCodeAsync(cts.Token);   // 3, no exception
        }
        catch (ProcessExitException e)
        {
            Console.WriteLine($"{e.Program} failed with {e.ExitCode}: {e.StandardErrorTail}");
        }
        catch (TimeoutException e) when (e is IProcessError failed)
        {
            Console.WriteLine($"{failed.Program} timed out");
        }
        catch (FileNotFoundException e) when (e is ProcessNotFoundException missing)
        {
            Console.WriteLine($"install {missing.Program}; searched {string.Join(", ", missing.SearchedPaths)}");
        }
    }

    internal static async Task Results()
    {
        ProcessResult result = await new Command("dotnet", "--list-sdks").OutputAsync();
        Console.WriteLine(result);                         // dotnet --list-sdks: exited with code 0 after 61.3 ms
        if (!result.IsSuccess)
            Console.WriteLine(result.Diagnostic);
        string sdks = result.EnsureSuccess().StandardOutput;

        BytesResult image = await new Command("convert", "logo.svg", "png:-").OutputBytesAsync();
        await File.WriteAllBytesAsync("logo.png", image.EnsureSuccess().StandardOutput.ToArray());
    }

    internal static void Redaction()
    {
        var push = new Command("tool", "--api-key=abc123", "--password", "hunter2", "https://me:pw@example.com/repo");
        Console.WriteLine(push);   // tool --api-key=*** --password *** https://me:***@example.com/repo
    }
}
