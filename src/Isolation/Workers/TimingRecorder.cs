namespace ProcessKit.Testing.Isolation.Workers;

/// <summary>The parent's record of a worker's phase and iteration times, kept across its lives; thread-safe.</summary>
internal sealed class TimingRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WorkerPhase, List<TimeSpan>> _phases = Enum.GetValues<WorkerPhase>().ToDictionary(p => p, _ => new List<TimeSpan>());
    private readonly List<TimeSpan> _iterations = [];

    /// <summary>Adds a time of <paramref name="phase"/>.</summary>
    public void AddPhase(WorkerPhase phase, TimeSpan time)
    {
        lock (_gate)
        {
            _phases[phase].Add(time);
        }
    }

    /// <summary>Adds a whole iteration's time.</summary>
    public void AddIteration(TimeSpan time)
    {
        lock (_gate)
        {
            _iterations.Add(time);
        }
    }

    /// <summary>The statistics of the times so far.</summary>
    public WorkerTimings Snapshot()
    {
        lock (_gate)
        {
            return new WorkerTimings(_phases.ToDictionary(p => p.Key, p => new TimingSummary([.. p.Value])), new TimingSummary([.. _iterations]));
        }
    }
}
