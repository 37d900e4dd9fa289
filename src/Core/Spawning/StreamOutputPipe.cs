using System.Buffers;
using System.IO.Pipes;

namespace ProcessKit;

/// <summary>
/// A pipe read through a <see cref="Stream"/>: an anonymous pipe on Unix without the
/// <see cref="EpollLoop"/> (its async reads go through the runtime's socket engine, no thread per
/// pipe), or the overlapped end of a named pipe on Windows (<see cref="WindowsStdio"/>).
/// </summary>
internal sealed class StreamOutputPipe : OutputPipe
{
    private const int ReadSize = 64 * 1024;

    private readonly AnonymousPipeServerStream? _server;
    private readonly Stream _stream;

    /// <summary>A new close-on-exec anonymous pipe.</summary>
    internal StreamOutputPipe()
    {
        _server = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        _stream = _server;
    }

    /// <summary>Wraps a stream someone else created.</summary>
    internal StreamOutputPipe(Stream stream) => _stream = stream;

    internal override int ChildFd => (int)_server!.ClientSafePipeHandle.DangerousGetHandle();

    internal override void CloseChildEnd() => _server?.DisposeLocalCopyOfClientHandle();

    internal override async Task DrainAsync(OutputSink sink, CancellationToken abandon)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer.AsMemory(0, ReadSize), abandon).ConfigureAwait(false)) > 0)
            {
                sink.Write(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Abandoned: keep what was read.
        }
        finally
        {
            sink.Complete();
            ArrayPool<byte>.Shared.Return(buffer);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
