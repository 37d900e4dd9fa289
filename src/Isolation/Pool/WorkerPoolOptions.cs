using System.Globalization;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation;

/// <summary>How a <see cref="WorkerPool"/> runs: how many workers, the limits per item, and the workers' environment.</summary>
public sealed record WorkerPoolOptions
{
    /// <summary>How many child processes run items at once; the number of processors by default.</summary>
    public int Workers { get; init; } = System.Environment.ProcessorCount;

    /// <summary>How long one item may take; past it, its worker's tree is killed (and replaced) and the item costs a life. No limit when null.</summary>
    public TimeSpan? ItemTimeout { get; init; }

    /// <summary>
    /// How many times an item may be tried when its worker is lost (crashes, exits, or passes
    /// <see cref="ItemTimeout"/>): each loss costs a life, the worker is replaced and the item tried
    /// again on a fresh one; when none are left the item fails with <see cref="WorkerLostException"/>.
    /// An exception the function throws is not a loss: it fails the item at once. 2 by default.
    /// </summary>
    public int Lives { get; init; } = 2;

    /// <summary>How many items a worker runs before it is replaced by a fresh one (for code that leaks); never when null.</summary>
    public int? ItemsPerWorker { get; init; }

    /// <summary>Environment variables to set in the workers on top of this process's; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The workers' current directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The culture the function runs under; the machine's when null.</summary>
    public CultureInfo? Culture { get; init; }

    /// <summary>Receives each line a worker writes, labelled <c>[worker 4242] text</c>; see <see cref="IsolationOptions.Output"/>.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>Makes the JSON options inputs and values cross with, here and in each worker; see <see cref="IsolationOptions.JsonOptions"/>.</summary>
    public Func<JsonSerializerOptions>? JsonOptions { get; init; }

    /// <summary>Checks the values that can be wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, or the item timeout is not a positive time a timer can wait.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Workers, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Lives, nameof(Lives));
        if (ItemsPerWorker is { } items)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(items, nameof(ItemsPerWorker));
        }

        if (ItemTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ItemTimeout), timeout, "The item timeout must be positive and at most about 24.8 days.");
        }
    }
}
