namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/pipelines.md.</summary>
internal static class PipelinesSnippets
{
    internal static async Task FirstLook(string repository)
    {
        var log = new Command("git", "log", "--format=%an").WithWorkingDirectory(repository);

        string top = await (log | new Command("sort") | new Command("uniq", "-c") | new Command("sort", "-rn") | new Command("head", "-n", "3"))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .RunAsync();
    }

    internal static void Building()
    {
        Pipeline words = new Command("cat", "notes.txt") | new Command("tr", "-s", " ", "\n");
        Pipeline counted = words | new Command("sort") | new Command("uniq", "-c");   // words is unchanged

        Console.WriteLine(counted);   // cat notes.txt | tr -s ' ' '\n' | sort | uniq -c
    }

    internal static async Task Ends(string input, string archive)
    {
        // sort reads the file itself and gzip writes the archive itself: no byte passes through this process.
        PipelineResult result = await (new Command("sort").WithStandardInput(StandardInput.FromFile(input))
                | new Command("uniq")
                | new Command("gzip", "-9").WithStandardOutput(OutputTarget.ToFile(archive)))
            .OutputAsync();
    }

    internal static async Task Pipefail()
    {
        var pipeline = new Command("cat", "build.log")
            | new Command("grep", "-v", "^#")
            | new Command("wc", "-l");

        PipelineResult result = await pipeline.OutputAsync();
        if (!result.IsSuccess)
        {
            // The first stage that failed: its program, exit code and standard error.
            Console.WriteLine($"stage {result.ReportedStageIndex + 1} failed: {result.Program} {result.Status}");
            Console.WriteLine(result.StandardError);
        }

        foreach (ProcessResult stage in result.Stages)
            Console.WriteLine($"{stage.CommandLine}: {stage.Status}");
    }

    internal static async Task AllowedToFail()
    {
        // yes never stops by itself: head exits after three lines and yes dies of SIGPIPE.
        string three = await (new Command("yes").AllowFailureInPipeline() | new Command("head", "-n", "3")).RunAsync();

        // The same for a producer that writes more than head reads.
        string first = await (new Command("find", "/usr/share")
                | new Command("sort").AllowFailureInPipeline()
                | new Command("head", "-n", "1"))
            .RunAsync();
    }

    internal static async Task LastStage()
    {
        // grep exits 1 when nothing matches: accept it on the last stage with its success codes.
        PipelineResult matches = await (new Command("journalctl", "-b") | new Command("grep", "error").WithSuccessExitCodes(0, 1)).OutputAsync();
    }

    internal static async Task Timeouts(CancellationToken cancellationToken)
    {
        var pipeline = (new Command("pg_dump", "shop") | new Command("gzip"))
            .WithTimeout(TimeSpan.FromMinutes(5), grace: TimeSpan.FromSeconds(10));

        try
        {
            await pipeline.RunAsync(cancellationToken);
        }
        catch (ProcessTimeoutException e)
        {
            var stages = ((PipelineResult)e.Result).Stages;   // every stage still running counts as timed out
        }
    }

    internal static async Task Verbs()
    {
        var grep = new Command("cat", "config.ini") | new Command("grep", "-q", "debug=true");

        bool debug = await grep.ProbeAsync();              // 0: true, 1: false, else throws
        int code = await grep.ExitCodeAsync();
        PipelineBytesResult raw = await (new Command("cat", "image.png") | new Command("gzip")).OutputBytesAsync();
        string text = (new Command("echo", "hi") | new Command("tr", "a-z", "A-Z")).Run();   // sync twins too
    }

    internal static async Task Started(CancellationToken cancellationToken)
    {
        await using var pipeline = await (new Command("tail", "-f", "app.log") | new Command("grep", "--line-buffered", "ERROR"))
            .StartAsync(cancellationToken);

        await foreach (string line in pipeline.StandardOutputLines.WithCancellation(cancellationToken))
            Console.WriteLine(line);
        // Disposing kills and reaps every stage and what it started.
    }

    internal static async Task Conversation(CancellationToken cancellationToken)
    {
        await using var calculator = await (new Command("bc", "-q").KeepStandardInputOpen() | new Command("tee", "bc.log"))
            .StartAsync(cancellationToken);

        await calculator.StandardInput.WriteLineAsync("6 * 7", cancellationToken);   // to bc, the first stage
        await calculator.StandardInput.CloseAsync();
        ProcessResult result = await calculator.WaitForExitAsync(cancellationToken);   // tee's output: "42"
    }

    internal static async Task InAGroup()
    {
        await using var group = ProcessGroup.Create();

        // Both stages are members of the group, joined by a kernel pipe.
        var tail = new Command("tail", "-f", "access.log").WithRunner(group) | new Command("grep", "--line-buffered", " 500 ").WithRunner(group);
        await using var errors = await tail.StartAsync();
    }
}
