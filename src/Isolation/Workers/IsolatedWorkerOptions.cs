using System.Globalization;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation;

/// <summary>How an <see cref="IsolatedWorker{TResult}"/> runs: how many runs, its limits and lives, and its child's environment.</summary>
public sealed record IsolatedWorkerOptions
{
    /// <summary>How many runs (before, run, after) the worker makes before it finishes; until it is stopped when null (the default).</summary>
    public int? Runs { get; init; }

    /// <summary>
    /// The worker's whole time, from its start, across its lives: when it passes the worker is
    /// stopped as by <see cref="RunningWorker{TResult}.Stop"/> (the phase in progress is not cut
    /// short, bound it with <see cref="PhaseTimeout"/>; finish and result run), and it ends
    /// <see cref="WorkerEnding.TimeLimit"/>. No limit when null.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// How many lives the worker has, 1 (no retry) by default. A phase that throws (and the error
    /// handler does not take), a crash of the child (an exit, <c>FailFast</c>, an unhandled
    /// exception, a signal) and a phase timeout each cost a life; while lives remain, a fresh child
    /// starts a fresh instance from the original configuration and goes on with the run that was
    /// lost. Then the worker ends <see cref="WorkerEnding.OutOfLives"/>.
    /// </summary>
    public int Lives { get; init; } = 1;

    /// <summary>How long one phase may take; past it the child's whole tree is killed and the worker loses a life. No limit when null.</summary>
    public TimeSpan? PhaseTimeout { get; init; }

    /// <summary>A timeout for particular phases, instead of <see cref="PhaseTimeout"/>.</summary>
    public IReadOnlyDictionary<WorkerPhase, TimeSpan>? PhaseTimeouts { get; init; }

    /// <summary>Environment variables to set in the child on top of this process's; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The child's current directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The culture the phases run under, on every thread of the child; the machine's when null.</summary>
    public CultureInfo? Culture { get; init; }

    /// <summary>Receives each line the child writes, labelled <c>[worker 4242] text</c>; see <see cref="IsolationOptions.Output"/>.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>Makes the JSON options the configuration, messages and result cross with, here and in the child; see <see cref="IsolationOptions.JsonOptions"/>.</summary>
    public Func<JsonSerializerOptions>? JsonOptions { get; init; }

    /// <summary>The timeout of <paramref name="phase"/>, if it has one.</summary>
    internal TimeSpan? TimeoutOf(WorkerPhase phase) =>
        PhaseTimeouts is not null && PhaseTimeouts.TryGetValue(phase, out var timeout) ? timeout : PhaseTimeout;

    /// <summary>Checks the values that can be wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, or a time is not a positive time a timer can wait.</exception>
    internal void Validate()
    {
        if (Runs is { } runs)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs, nameof(Runs));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Lives, nameof(Lives));
        CheckTime(TimeLimit, nameof(TimeLimit));
        CheckTime(PhaseTimeout, nameof(PhaseTimeout));
        foreach (var (_, timeout) in PhaseTimeouts ?? new Dictionary<WorkerPhase, TimeSpan>())
        {
            CheckTime(timeout, nameof(PhaseTimeouts));
        }
    }

    private static void CheckTime(TimeSpan? time, string name)
    {
        if (time is { } t && (t <= TimeSpan.Zero || t.TotalMilliseconds > int.MaxValue - 1))
        {
            throw new ArgumentOutOfRangeException(name, t, "The time must be positive and at most about 24.8 days.");
        }
    }
}
