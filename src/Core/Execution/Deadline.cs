namespace ProcessKit;

/// <summary>
/// The one rule of a timeout, for a run, a pipeline and a scripted process alike: a timer on the
/// command's (or pipeline's) <see cref="TimeProvider"/>; when it fires, the owner marks what is
/// still running as timed out and says how to signal it; that gets the first stop signal
/// (<see cref="FirstSignal"/>: SIGTERM when a grace follows, else SIGKILL at once) and, when the
/// grace has passed on the same clock, SIGKILL. Disposing it disarms both timers.
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly TimeSpan _grace;
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, Action<int>?> _expire;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private ITimer? _graceTimer;
    private bool _disarmed;

    private Deadline(TimeSpan grace, TimeProvider clock, Func<TimeSpan, Action<int>?> expire)
    {
        _grace = grace;
        _clock = clock;
        _expire = expire;
    }

    /// <summary>
    /// Arms a deadline <paramref name="timeout"/> from now on <paramref name="clock"/>; null when
    /// there is no timeout.
    /// </summary>
    /// <param name="timeout">How long the run may take; null for no limit.</param>
    /// <param name="grace">How long the tree may take to exit after SIGTERM; zero for SIGKILL at once.</param>
    /// <param name="clock">The clock both the deadline and the grace are measured on.</param>
    /// <param name="expire">
    /// Called once when the deadline passes, with <paramref name="grace"/>: marks what still runs
    /// as timed out and returns how to signal it, or null when nothing is left to stop. It marks
    /// before anything is signalled, so a part that ends because its neighbour was stopped still
    /// counts as timed out.
    /// </param>
    internal static Deadline? Arm(TimeSpan? timeout, TimeSpan grace, TimeProvider clock, Func<TimeSpan, Action<int>?> expire)
    {
        if (timeout is not { } dueIn)
        {
            return null;
        }

        var deadline = new Deadline(grace, clock, expire);
        var timer = clock.CreateTimer(static state => ((Deadline)state!).Pass(), deadline, dueIn, Timeout.InfiniteTimeSpan);
        lock (deadline._gate)
        {
            // A deadline due at once may have passed, and even been disarmed, inside CreateTimer.
            if (deadline._disarmed)
            {
                timer.Dispose();
            }
            else
            {
                deadline._timer = timer;
            }
        }

        return deadline;
    }

    /// <summary>The signal a deadline sends first: SIGTERM when a grace follows, else SIGKILL at once.</summary>
    internal static int FirstSignal(TimeSpan grace) => grace > TimeSpan.Zero ? SignalNames.SigTerm : SignalNames.SigKill;

    /// <summary>Disarms the deadline and a grace that is running; what was signalled stays signalled.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disarmed = true;
            _timer?.Dispose();
            _graceTimer?.Dispose();
        }
    }

    private void Pass()
    {
        lock (_gate)
        {
            if (_disarmed)
            {
                return;
            }
        }

        // Outside the lock: the owner takes its own lock to mark, and may disarm this deadline
        // from there (a scripted process ends at the first signal).
        if (_expire(_grace) is not { } signal)
        {
            return;
        }

        if (_grace > TimeSpan.Zero)
        {
            // Armed before the first signal: whoever sees the tree take SIGTERM finds its SIGKILL already due.
            lock (_gate)
            {
                if (!_disarmed)
                {
                    _graceTimer = _clock.CreateTimer(static state => ((Action<int>)state!)(SignalNames.SigKill), signal, _grace, Timeout.InfiniteTimeSpan);
                }
            }
        }

        signal(FirstSignal(_grace));
    }
}
