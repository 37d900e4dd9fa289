using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace ProcessKit;

/// <summary>
/// Everything that happens to one output stream of a child: captured within the limit, and handed
/// line by line to a handler if one is set. <see cref="Write"/> is called by whoever drains the
/// pipe and never blocks: the handler runs on a task of its own, so a slow or blocking handler
/// (even one that runs another command) never stalls the reading of any pipe. An observer (a
/// started process's line store) sees every line on the same task, even after the handler failed.
/// </summary>
internal sealed class OutputSink
{
    private readonly Channel<byte[]>? _handlerQueue;
    private ExceptionDispatchInfo? _handlerFailure;

    internal OutputSink(OutputLimit? limit, Encoding encoding, Action<string>? lineHandler, Action<string>? lineObserver = null)
    {
        Capture = new CaptureBuffer(limit);
        if (lineHandler is null && lineObserver is null)
        {
            HandlerDone = Task.CompletedTask;
            return;
        }

        _handlerQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var lines = new LineSplitter(encoding, line =>
        {
            lineObserver?.Invoke(line);
            if (lineHandler is not null)
            {
                Hand(lineHandler, line);
            }
        });
        HandlerDone = Task.Run(() => RunHandlerAsync(_handlerQueue.Reader, lines));
    }

    internal CaptureBuffer Capture { get; }

    /// <summary>Completes once every line has been handed to the handler (at once when there is none).</summary>
    internal Task HandlerDone { get; }

    /// <summary>The first exception thrown by the line handler, rethrown by the verb after the process ended.</summary>
    internal ExceptionDispatchInfo? HandlerFailure => _handlerFailure;

    internal void Write(ReadOnlySpan<byte> chunk)
    {
        Capture.Append(chunk);
        _handlerQueue?.Writer.TryWrite(chunk.ToArray());
    }

    /// <summary>The pipe reached its end (or was abandoned): the handler gets the last, unterminated line.</summary>
    internal void Complete() => _handlerQueue?.Writer.TryComplete();

    private static async Task RunHandlerAsync(ChannelReader<byte[]> chunks, LineSplitter lines)
    {
        await foreach (var chunk in chunks.ReadAllAsync().ConfigureAwait(false))
        {
            lines.Write(chunk);
        }

        lines.Complete();
    }

    private void Hand(Action<string> handler, string line)
    {
        if (_handlerFailure is not null)
        {
            return; // after a failure the handler gets no more lines; the output is still captured
        }

        try
        {
            handler(line);
        }
#pragma warning disable CA1031 // A user callback may throw anything; it must not stop the drain.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _handlerFailure = ExceptionDispatchInfo.Capture(e);
        }
    }
}
