using System.Text;

namespace ProcessKit;

/// <summary>
/// The standard input of a started process whose command kept it open
/// (<see cref="Command.KeepStandardInputOpen"/>): write bytes, text or lines, flush, and close it
/// to give the child end-of-file. Writes are serialised, so concurrent writers never interleave
/// within one call. Writing after the child closed its end throws <see cref="IOException"/>.
/// </summary>
public sealed class ProcessInput : IAsyncDisposable
{
    private readonly Stream _pipe;
    private readonly Encoding _encoding;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    internal ProcessInput(Stream pipe, Encoding encoding)
    {
        _pipe = pipe;
        _encoding = encoding;
    }

    /// <summary>True once <see cref="CloseAsync"/> (or the process's disposal) closed the input.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Writes <paramref name="bytes"/> and flushes them to the child.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="cancellationToken">Cancels a write the child is not reading.</param>
    /// <exception cref="ObjectDisposedException">The input was closed.</exception>
    /// <exception cref="IOException">The child closed its end (it exited, or closed its standard input).</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            await _pipe.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes <paramref name="text"/> in the command's encoding and flushes it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels a write the child is not reading.</param>
    /// <exception cref="ObjectDisposedException">The input was closed.</exception>
    /// <exception cref="IOException">The child closed its end.</exception>
    public Task WriteAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(_encoding.GetBytes(text), cancellationToken);
    }

    /// <summary>Writes <paramref name="line"/> and a <c>\n</c>, and flushes them.</summary>
    /// <param name="line">The line, without a terminator.</param>
    /// <param name="cancellationToken">Cancels a write the child is not reading.</param>
    /// <exception cref="ObjectDisposedException">The input was closed.</exception>
    /// <exception cref="IOException">The child closed its end.</exception>
    public Task WriteLineAsync(string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return WriteAsync(line + "\n", cancellationToken);
    }

    /// <summary>Flushes what was written. Every write already flushes; this is for symmetry with <see cref="Stream"/>.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsClosed)
            {
                await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the input: the child reads end-of-file. Closing twice is harmless.</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _pipe.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child already closed its end: end-of-file is what it has.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the input; see <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());
}
