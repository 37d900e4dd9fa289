using System.Buffers;
using System.Text;

namespace ProcessKit;

/// <summary>Writes a command's <see cref="StandardInput"/> into the child's stdin pipe, then closes it.</summary>
internal static class StandardInputFeeder
{
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>
    /// Feeds <paramref name="input"/> and closes the pipe. A child that exits or closes its stdin
    /// before reading everything is normal: the broken pipe is not an error, and
    /// <paramref name="stop"/> (cancelled once the child has exited) ends a pending feed. A failure
    /// reading the caller's own stream does surface.
    /// </summary>
    internal static async Task FeedAsync(Stream pipe, StandardInput input, Encoding encoding, CancellationToken stop)
    {
        try
        {
            switch (input.Kind)
            {
                case StandardInputKind.Text:
                    await TryWriteAsync(pipe, (input.Encoding ?? encoding).GetBytes(input.Text!), stop).ConfigureAwait(false);
                    break;
                case StandardInputKind.Bytes:
                    await TryWriteAsync(pipe, input.Bytes, stop).ConfigureAwait(false);
                    break;
                case StandardInputKind.Stream:
                    await CopyAsync(input.Stream!, pipe, stop).ConfigureAwait(false);
                    break;
                case StandardInputKind.KeptOpen:
                    break; // a one-shot run has nobody to write: the child reads end-of-file at once

                default:
                    throw new InvalidOperationException($"Standard input {input} is not fed through a pipe.");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The child exited while input was still pending.
        }
        finally
        {
            try
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Flushing into a pipe the child closed: nothing was wanted.
            }
        }
    }

    private static async Task CopyAsync(Stream source, Stream pipe, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), stop).ConfigureAwait(false)) > 0)
            {
                if (!await TryWriteAsync(pipe, buffer.AsMemory(0, read), stop).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes to the pipe; false when the child closed its end (EPIPE).</summary>
    private static async Task<bool> TryWriteAsync(Stream pipe, ReadOnlyMemory<byte> data, CancellationToken stop)
    {
        try
        {
            await pipe.WriteAsync(data, stop).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
