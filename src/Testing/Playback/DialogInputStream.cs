using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// The standard input of a <see cref="ScriptedProcess"/>: a write-only stream that cuts what is
/// written into lines (decoded in the command's encoding, as a real run's output is cut) and hands
/// each to the process, and tells it when the input is closed.
/// </summary>
internal sealed class DialogInputStream(Encoding encoding, Action<string> onLine, Action onClosed) : WriteOnlyStream
{
    private readonly LineSplitter _lines = new(encoding, onLine);
    private int _closed;

    public override bool CanWrite => Volatile.Read(ref _closed) == 0;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(!CanWrite, this);
        _lines.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _lines.Complete(); // the last line, even without a newline
            onClosed();
        }

        base.Dispose(disposing);
    }
}
