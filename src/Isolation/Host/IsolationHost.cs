using System.Collections.Concurrent;
using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// The program every isolated child runs: <c>dotnet exec --runtimeconfig caller.runtimeconfig.json
/// --depsfile caller.deps.json ProcessKit.Testing.Isolation.dll SOCKET</c>. It connects to the
/// parent's socket, runs each call it is sent, and replies. It exits when the parent closes the
/// channel, or with <see cref="ChildSettings.OneCallOption"/> once it has replied to its call. The main thread reads the frames with blocking reads (no thread-pool hop before a call
/// starts) and runs a call itself unless the call's method takes a cancellation token: such a call
/// runs on the thread pool, so the main thread can read the cancel frame meanwhile.
/// </summary>
internal static class IsolationHost
{
    /// <summary>The child's entry point.</summary>
    /// <param name="args">The channel's socket path, and <see cref="ChildSettings.OneCallOption"/> for a child that serves one call.</param>
    /// <returns>0 when the channel ended, 2 on a bad command line.</returns>
    public static int Main(string[] args)
    {
        if (args is not ([_] or [_, ChildSettings.OneCallOption]))
        {
            Console.Error.WriteLine($"ProcessKit.Testing.Isolation is the host of isolated calls, started by the library; usage: <socket path> [{ChildSettings.OneCallOption}]");
            return 2;
        }

        using var connection = HostConnection.Connect(args[0]);
        var channel = new FrameChannel(connection.Stream);

        // After the one call's reply, ending the socket both ways ends the reading loop below, on
        // whichever thread the reply was written.
        Action replied = args.Length == 2 ? connection.Shutdown : static () => { };

        // The runtime ends the process after this handler; the parent learns what killed it first.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            channel.TryWrite(new Frame { Kind = FrameKind.Crashed, Error = RemoteError.From(e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString())) });

        var invoker = new MethodInvoker();
        var worker = new WorkerHost(channel, invoker);
        var running = new ConcurrentDictionary<long, CancellationTokenSource>();
        while (channel.Read() is { } frame)
        {
            switch (frame.Kind)
            {
                case FrameKind.Call when frame.Call is { } call:
                    if (!invoker.TakesCancellation(call))
                    {
                        Reply(channel, invoker.InvokeAsync(frame.Id, call, CancellationToken.None), replied);
                        break;
                    }

                    var cancellation = new CancellationTokenSource();
                    running[frame.Id] = cancellation;
                    _ = Task.Run(async () =>
                    {
                        var reply = await invoker.InvokeAsync(frame.Id, call, cancellation.Token).ConfigureAwait(false);
                        running.TryRemove(frame.Id, out _);
                        cancellation.Dispose();
                        channel.TryWrite(reply);
                        replied();
                    });
                    break;
                case FrameKind.Cancel when running.TryGetValue(frame.Id, out var toCancel):
                    try
                    {
                        // Callbacks run on the thread pool, never on this reading thread.
                        _ = toCancel.CancelAsync();
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

    /// <summary>Writes the reply now when the call has finished (a synchronous method), else when its task does.</summary>
    private static void Reply(FrameChannel channel, Task<Frame> reply, Action replied)
    {
        if (reply.IsCompleted)
        {
            channel.TryWrite(reply.Result);
            replied();
        }
        else
        {
            _ = reply.ContinueWith(
                done =>
                {
                    channel.TryWrite(done.Result);
                    replied();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
