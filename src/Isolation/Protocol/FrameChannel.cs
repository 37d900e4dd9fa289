using System.Buffers.Binary;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>
/// Frames over a stream: a 4-byte little-endian length, then that many bytes of UTF-8 JSON. Writes
/// are serialized by a lock (the child's crash handler writes from whatever thread is dying); one
/// reader at a time.
/// </summary>
internal sealed class FrameChannel(Stream stream)
{
    /// <summary>The largest frame accepted: a guard against reading garbage as a length.</summary>
    private const int MaxFrameLength = 256 * 1024 * 1024;

    private readonly Lock _writeGate = new();
    private readonly byte[] _header = new byte[4];

    /// <summary>Writes one frame and flushes it.</summary>
    /// <exception cref="IOException">The other side has gone.</exception>
    public void Write(Frame frame)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(frame, ProtocolJson.Default.Frame);
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, body.Length);
        lock (_writeGate)
        {
            stream.Write(header);
            stream.Write(body);
            stream.Flush();
        }
    }

    /// <summary>Writes a frame; false when the other side has gone.</summary>
    public bool TryWrite(Frame frame)
    {
        try
        {
            Write(frame);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads the next frame; null when the other side has closed the channel (or died).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a frame.</exception>
    public async Task<Frame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await stream.ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
            if (length is <= 0 or > MaxFrameLength)
            {
                throw new InvalidDataException($"A frame of {length} bytes was announced; the channel carries frames of 1 to {MaxFrameLength} bytes.");
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(body, ProtocolJson.Default.Frame)
                ?? throw new InvalidDataException("A frame was the JSON null.");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
