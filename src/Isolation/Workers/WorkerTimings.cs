namespace ProcessKit.Testing.Isolation;

/// <summary>
/// The times of an <see cref="IsolatedWorker{TResult}"/>'s phases, as measured in its child, and
/// of its whole iterations (before, run and after together): a snapshot, taken while it runs or
/// after. Times survive a lost life; a phase that threw, was stopped or timed out is not timed.
/// </summary>
public sealed class WorkerTimings
{
    private readonly IReadOnlyDictionary<WorkerPhase, TimingSummary> _phases;

    internal WorkerTimings(IReadOnlyDictionary<WorkerPhase, TimingSummary> phases, TimingSummary iteration)
    {
        _phases = phases;
        Iteration = iteration;
    }

    /// <summary>Whole iterations, from the start of before-run to the end of after-run; only those that completed.</summary>
    public TimingSummary Iteration { get; }

    /// <summary>The times of <paramref name="phase"/>; empty for a phase the worker does not override.</summary>
    /// <param name="phase">The phase.</param>
    public TimingSummary this[WorkerPhase phase] => _phases[phase];
}
