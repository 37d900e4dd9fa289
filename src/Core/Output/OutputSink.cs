using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace ProcessKit;

/// <summary>
/// Everything that happens to one output stream of a child: captured within the limit, handed
/// line by line to a handler if one is set, and shown to an observer (a started process's line
/// store). <see cref="Write"/> is called by whoever drains the pipe and never blocks on user code:
/// the handler runs on a task of its own, so a slow or blocking handler (even one that runs
/// another command) never stalls the reading of any pipe. The observer is ours, bounded and quick,
/// so it runs on the reading thread: lines reach it as fast as the pipe is read, and no queue of
/// raw output grows between the two.
/// </summary>
internal sealed class OutputSink
{
    private readonly Channel<byte[]>? _handlerQueue;
    private readonly LineSplitter? _observedLines;
    private ExceptionDispatchInfo? _handlerFailure;

    internal OutputSink(OutputLimit? limit, Encoding encoding, Action<string>? lineHandler, Action<string>? lineObserver = null)
    {
        Capture = new CaptureBuffer(limit);
        _observedLines = lineObserver is null ? null : new LineSplitter(encoding, lineObserver);
        if (lineHandler is null)
        {
            HandlerDone = Task.CompletedTask;
            return;
        }

        _handlerQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var lines = new LineSplitter(encoding, line => Hand(lineHandler, line));
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
        _observedLines?.Write(chunk);
        _handlerQueue?.Writer.TryWrite(chunk.ToArray());
    }

    /// <summary>The pipe reached its end (or was abandoned): the handler and the observer get the last, unterminated line.</summary>
    internal void Complete()
    {
        _observedLines?.Complete();
        _handlerQueue?.Writer.TryComplete();
    }

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
