using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// The standard input of a <see cref="ScriptedProcess"/>: a write-only stream that cuts what is
/// written into lines (decoded in the command's encoding) and hands each to the process, and tells
/// it when the input is closed.
/// </summary>
internal sealed class DialogInputStream(Encoding encoding, Action<string> onLine, Action onClosed) : Stream
{
    private readonly Decoder _decoder = encoding.GetDecoder();
    private readonly StringBuilder _pending = new();
    private int _closed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => Volatile.Read(ref _closed) == 0;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(!CanWrite, this);
        var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
        _decoder.GetChars(buffer, chars, flush: false);
        foreach (var c in chars)
        {
            if (c == '\n')
            {
                var line = _pending.ToString();
                _pending.Clear();
                onLine(line.EndsWith('\r') ? line[..^1] : line);
            }
            else
            {
                _pending.Append(c);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            if (_pending.Length > 0)
            {
                onLine(_pending.ToString());
                _pending.Clear();
            }

            onClosed();
        }

        base.Dispose(disposing);
    }
}
