namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/streaming.md.</summary>
internal static class StreamingSnippets
{
    internal static async Task Tail(CancellationToken cancellationToken)
    {
        await using var build = await new Command("dotnet", "build", "--nologo").StartAsync(cancellationToken);
        await foreach (string line in build.StandardOutputLines.WithCancellation(cancellationToken))
            Console.WriteLine(line);
        ProcessResult result = await build.WaitForExitAsync(cancellationToken);
    }

    internal static async Task Merged(RunningProcess process)
    {
        await foreach (OutputLine line in process.Output)
            Console.WriteLine($"{line.Timestamp:HH:mm:ss.fff} {line.Source}: {line.Text}");
    }

    internal static async Task Conversation(CancellationToken cancellationToken)
    {
        await using var bc = await new Command("bc", "-q").KeepStandardInputOpen().StartAsync(cancellationToken);
        await using var answers = bc.StandardOutputLines.GetAsyncEnumerator(cancellationToken);

        await bc.StandardInput.WriteLineAsync("6 * 7", cancellationToken);
        await answers.MoveNextAsync();                 // answers.Current == "42"

        await bc.StandardInput.CloseAsync();           // end-of-file: bc exits
        await bc.WaitForExitAsync(cancellationToken);
    }

    internal static async Task Buffer(CancellationToken cancellationToken)
    {
        await using var chatty = await new Command("my-server")
            .WithUnreadLineBuffer(1_000, UnreadLinePolicy.DropOldest)   // the default keeps 10,000 per stream
            .StartAsync(cancellationToken);
        // ... later
        Console.WriteLine($"{chatty.DroppedLineCount} unread lines were dropped");
    }

    internal static async Task Observe(RunningProcess server)
    {
        using var relay = server.ObserveLines(line => Console.WriteLine($"[server] {line.Text}"));
        await server.Exited;
    }

    internal static async Task Exit(RunningProcess server)
    {
        server.OnExit(result => Console.WriteLine($"server {result.Status}"));

        bool graceful = await server.TerminateAsync(grace: TimeSpan.FromSeconds(5));   // SIGTERM, then SIGKILL
        if (!graceful)
            Console.WriteLine("the server ignored SIGTERM and was killed");
    }

    internal static async Task InAGroup(CancellationToken cancellationToken)
    {
        await using var group = ProcessGroup.Create();
        await using var web = await group.StartAsync(new Command("nginx", "-g", "daemon off;"), cancellationToken);
        await using var cache = await new Command("redis-server", "--port", "6380").WithRunner(group).StartAsync(cancellationToken);
        await cache.DisposeAsync();   // only redis and its descendants go; nginx keeps running
    }
}
