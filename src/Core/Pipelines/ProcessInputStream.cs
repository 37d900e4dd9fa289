namespace ProcessKit;

/// <summary>
/// A write-only stream over the <see cref="ProcessInput"/> of a process another runner started:
/// how the caller of a started pipeline writes to its first stage when that stage runs through a
/// runner other than the real one. Disposing it closes that input.
/// </summary>
internal sealed class ProcessInputStream(ProcessInput input) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !input.IsClosed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(input.WriteAsync(buffer, cancellationToken));

    public override void Flush() => input.FlushAsync().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => input.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await input.CloseAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.CloseAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
