using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;

namespace ProcessKit;

/// <summary>
/// Everything that happens to one output stream of a child: captured within the limit, and
/// handed line by line to a handler if one is set. The pump always reads the pipe to its end.
/// </summary>
internal sealed class OutputSink
{
    private const int ReadSize = 64 * 1024;

    private readonly LineSplitter? _lines;
    private ExceptionDispatchInfo? _handlerFailure;

    internal OutputSink(OutputLimit? limit, Encoding encoding, Action<string>? lineHandler)
    {
        Capture = new CaptureBuffer(limit);
        if (lineHandler is not null)
        {
            _lines = new LineSplitter(encoding, lineHandler);
        }
    }

    internal CaptureBuffer Capture { get; }

    /// <summary>The first exception thrown by the line handler, rethrown by the verb after the process ended.</summary>
    internal ExceptionDispatchInfo? HandlerFailure => _handlerFailure;

    /// <summary>Reads <paramref name="source"/> to its end (or until <paramref name="abandon"/>), then disposes it.</summary>
    internal async Task PumpAsync(Stream source, CancellationToken abandon)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ReadSize), abandon).ConfigureAwait(false)) > 0)
            {
                Write(buffer.AsSpan(0, read));
            }

            Complete();
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // The process is gone and a descendant outside its container still holds the pipe:
            // keep what was read and stop waiting.
            Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Write(ReadOnlySpan<byte> chunk)
    {
        Capture.Append(chunk);
        if (_lines is not null && _handlerFailure is null)
        {
            try
            {
                _lines.Write(chunk);
            }
#pragma warning disable CA1031 // A user callback may throw anything; it must not stop the drain.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _handlerFailure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    private void Complete()
    {
        if (_lines is not null && _handlerFailure is null)
        {
            try
            {
                _lines.Complete();
            }
#pragma warning disable CA1031 // See Write.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _handlerFailure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
