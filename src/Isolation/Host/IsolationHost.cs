using System.Collections.Concurrent;
using System.IO.Pipes;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// The program every isolated child runs: <c>dotnet exec --runtimeconfig caller.runtimeconfig.json
/// --depsfile caller.deps.json ProcessKit.Testing.Isolation.dll PIPE</c>. It connects to the
/// parent's pipe, runs each call it is sent (on the thread pool, so a cancel frame is read while a
/// call runs), and replies. It exits when the parent closes the pipe.
/// </summary>
internal static class IsolationHost
{
    /// <summary>How long the child waits for the parent's pipe before giving up: the parent listens before it spawns, so this is only a guard.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The child's entry point.</summary>
    /// <param name="args">The pipe's name.</param>
    /// <returns>0 when the parent closed the channel, 2 on a bad command line.</returns>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("ProcessKit.Testing.Isolation is the host of isolated calls, started by the library; usage: <pipe name>").ConfigureAwait(false);
            return 2;
        }

        using var pipe = new NamedPipeClientStream(".", args[0], PipeDirection.InOut, PipeOptions.Asynchronous);
        await pipe.ConnectAsync((int)ConnectTimeout.TotalMilliseconds).ConfigureAwait(false);
        var channel = new FrameChannel(pipe);

        // The runtime ends the process after this handler; the parent learns what killed it first.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            channel.TryWrite(new Frame { Kind = FrameKind.Crashed, Error = RemoteError.From(e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString())) });

        var invoker = new MethodInvoker();
        var worker = new WorkerHost(channel, invoker);
        var running = new ConcurrentDictionary<long, CancellationTokenSource>();
        while (await channel.ReadAsync().ConfigureAwait(false) is { } frame)
        {
            switch (frame.Kind)
            {
                case FrameKind.Call when frame.Call is { } call:
                    var cancellation = new CancellationTokenSource();
                    running[frame.Id] = cancellation;
                    _ = Task.Run(async () =>
                    {
                        var reply = await invoker.InvokeAsync(frame.Id, call, cancellation.Token).ConfigureAwait(false);
                        running.TryRemove(frame.Id, out _);
                        cancellation.Dispose();
                        channel.TryWrite(reply);
                    });
                    break;
                case FrameKind.Cancel when running.TryGetValue(frame.Id, out var toCancel):
                    try
                    {
                        await toCancel.CancelAsync().ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException)
                    {
                        // the call finished meanwhile
                    }

                    break;
                case FrameKind.Worker:
                    worker.Receive(frame);
                    break;
                default:
                    break;
            }
        }

        return 0;
    }
}
