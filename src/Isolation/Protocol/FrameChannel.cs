using System.Buffers.Binary;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>
/// Frames over a stream: a 4-byte little-endian length, then that many bytes of
/// <see cref="FrameCodec"/>. A frame is written in one write, so the reader wakes once for it.
/// Writes are serialized by a lock (the child's crash handler writes from whatever thread is
/// dying); one reader at a time.
/// </summary>
internal sealed class FrameChannel(Stream stream)
{
    /// <summary>The largest frame accepted: a guard against reading garbage as a length.</summary>
    private const int MaxFrameLength = 256 * 1024 * 1024;

    private const int HeaderLength = 4;

    private readonly Lock _writeGate = new();
    private readonly byte[] _header = new byte[HeaderLength];

    /// <summary>Writes one frame.</summary>
    /// <exception cref="IOException">The other side has gone.</exception>
    public void Write(Frame frame)
    {
        var body = FrameCodec.Encode(frame);
        var message = new byte[HeaderLength + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, body.Length);
        body.CopyTo(message, HeaderLength);
        lock (_writeGate)
        {
            stream.Write(message);
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

    /// <summary>Reads the next frame, blocking the calling thread; null when the other side has closed the channel (or died).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a frame.</exception>
    public Frame? Read()
    {
        try
        {
            stream.ReadExactly(_header);
            var body = new byte[Length()];
            stream.ReadExactly(body);
            return FrameCodec.Decode(body);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return null;
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
            var body = new byte[Length()];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return FrameCodec.Decode(body);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private int Length()
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        return length is > 0 and <= MaxFrameLength
            ? length
            : throw new InvalidDataException($"A frame of {length} bytes was announced; the channel carries frames of 1 to {MaxFrameLength} bytes.");
    }
}
