using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ProcessKit;

/// <summary>
/// Runs many commands with a bound on how many are alive at once: <c>commands.OutputAllAsync(4)</c>.
/// Each command runs through its own runner (<see cref="Command.OutputAsync"/>), so a
/// <see cref="ProcessGroup"/> or a test double serves a batch as it serves one command.
/// </summary>
/// <remarks>
/// <para>
/// A command that cannot run (a missing program, a permission, a missing working directory, or
/// anything else its runner throws) fills its own slot with the error
/// (<see cref="BatchItemResult.Error"/>); the rest of the batch goes on. A non-zero exit or a
/// timeout is a result, as always.
/// </para>
/// <para>
/// The sequence of commands is read once, when the call is made. Cancelling stops starting new
/// commands and cancels the running ones, which kills their process trees; the call throws
/// <see cref="OperationCanceledException"/> once all of them have ended.
/// </para>
/// </remarks>
public static class CommandBatch
{
    /// <summary>
    /// The concurrency used when none is given: <see cref="Environment.ProcessorCount"/>, the number
    /// of CPUs this process may use. On Linux the runtime takes the affinity mask and the cgroup CPU
    /// quota into account; <c>DOTNET_PROCESSOR_COUNT</c> overrides it.
    /// </summary>
    public static int DefaultConcurrency => Environment.ProcessorCount;

    /// <summary>
    /// Runs every command, at most <see cref="DefaultConcurrency"/> at once, and returns one
    /// <see cref="BatchItemResult"/> per command, in the order of <paramref name="commands"/>.
    /// </summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones.</param>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<IReadOnlyList<BatchItemResult>> OutputAllAsync(this IEnumerable<Command> commands, CancellationToken cancellationToken = default) =>
        OutputAllAsync(commands, DefaultConcurrency, cancellationToken);

    /// <summary>
    /// Runs every command, never more than <paramref name="concurrency"/> alive at once, and returns
    /// one <see cref="BatchItemResult"/> per command, in the order of <paramref name="commands"/>.
    /// </summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="concurrency">The most commands alive at once; at least 1.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="concurrency"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<IReadOnlyList<BatchItemResult>> OutputAllAsync(this IEnumerable<Command> commands, int concurrency, CancellationToken cancellationToken = default)
    {
        var batch = Snapshot(commands, concurrency);
        return CollectAsync(batch, concurrency, cancellationToken);
    }

    /// <summary>
    /// Runs every command, at most <see cref="DefaultConcurrency"/> at once, and yields each
    /// <see cref="BatchItemResult"/> as its command finishes (its <see cref="BatchItemResult.Index"/>
    /// says which command it was).
    /// </summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones.</param>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException">The enumeration was cancelled.</exception>
    public static IAsyncEnumerable<BatchItemResult> OutputAsCompletedAsync(this IEnumerable<Command> commands, CancellationToken cancellationToken = default) =>
        OutputAsCompletedAsync(commands, DefaultConcurrency, cancellationToken);

    /// <summary>
    /// Runs every command, never more than <paramref name="concurrency"/> alive at once, and yields
    /// each <see cref="BatchItemResult"/> as its command finishes. Leaving the enumeration early
    /// (<c>break</c>) cancels the commands still running and waits until they have ended.
    /// </summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="concurrency">The most commands alive at once; at least 1.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones (so does the enumerator's own token).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="concurrency"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException">The enumeration was cancelled.</exception>
    public static IAsyncEnumerable<BatchItemResult> OutputAsCompletedAsync(this IEnumerable<Command> commands, int concurrency, CancellationToken cancellationToken = default)
    {
        var batch = Snapshot(commands, concurrency);
        return StreamAsync(batch, concurrency, cancellationToken);
    }

    /// <summary>Synchronous twin of <see cref="OutputAllAsync(IEnumerable{Command}, CancellationToken)"/>: blocks the calling thread.</summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones.</param>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IReadOnlyList<BatchItemResult> OutputAll(this IEnumerable<Command> commands, CancellationToken cancellationToken = default) =>
        OutputAllAsync(commands, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputAllAsync(IEnumerable{Command}, int, CancellationToken)"/>: blocks the calling thread.</summary>
    /// <param name="commands">The commands; read once, now.</param>
    /// <param name="concurrency">The most commands alive at once; at least 1.</param>
    /// <param name="cancellationToken">Stops starting commands and kills the running ones.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="concurrency"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A command is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IReadOnlyList<BatchItemResult> OutputAll(this IEnumerable<Command> commands, int concurrency, CancellationToken cancellationToken = default) =>
        OutputAllAsync(commands, concurrency, cancellationToken).GetAwaiter().GetResult();

    private static Command[] Snapshot(IEnumerable<Command> commands, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var batch = commands.ToArray();
        var missing = Array.IndexOf(batch, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"Command {missing} of the batch is null.", nameof(commands));
        }

        return batch;
    }

    private static async Task<IReadOnlyList<BatchItemResult>> CollectAsync(Command[] batch, int concurrency, CancellationToken cancellationToken)
    {
        var slots = new BatchItemResult[batch.Length];
        await RunAsync(batch, concurrency, item => slots[item.Index] = item, cancellationToken).ConfigureAwait(false);
        return slots;
    }

    private static async IAsyncEnumerable<BatchItemResult> StreamAsync(
        Command[] batch, int concurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = Channel.CreateUnbounded<BatchItemResult>(new UnboundedChannelOptions { SingleReader = true });
        var running = RunAsync(batch, concurrency, item => finished.Writer.TryWrite(item), stop.Token);
        try
        {
            for (var i = 0; i < batch.Length; i++)
            {
                yield return await finished.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Reached on completion, on cancellation and when the consumer leaves early: whatever
            // still runs is cancelled, and nothing of the batch outlives the enumeration.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Our own stop, or the caller's cancellation, which the read above reports.
            }
        }
    }

    /// <summary>
    /// Runs the batch on <paramref name="concurrency"/> workers, each taking the next command once
    /// its previous one has ended, so no more than that many are ever alive.
    /// </summary>
    private static Task RunAsync(Command[] batch, int concurrency, Action<BatchItemResult> finished, CancellationToken cancellationToken)
    {
        var next = -1;
        var workers = new Task[Math.Min(concurrency, batch.Length)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = WorkAsync();
        }

        return Task.WhenAll(workers);

        async Task WorkAsync()
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = Interlocked.Increment(ref next);
                if (index >= batch.Length)
                {
                    return;
                }

                finished(await RunOneAsync(index, batch[index], cancellationToken).ConfigureAwait(false));
            }
        }
    }

    private static async Task<BatchItemResult> RunOneAsync(int index, Command command, CancellationToken cancellationToken)
    {
        try
        {
            var result = await command.OutputAsync(cancellationToken).ConfigureAwait(false);
            return new BatchItemResult(index, command, result, error: null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever kept this one command from running is its slot's error, never the batch's.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new BatchItemResult(index, command, result: null, e);
        }
    }
}
