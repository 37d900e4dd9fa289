using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells a test what <see cref="FakeTimeProvider"/>
/// keeps to itself: how many timers are armed right now, and the due time of each timer as it is
/// created. A test uses them to move the clock only once the library has armed what it waits for
/// (a deadline, a backoff, a probe's next check), and to check that nothing is left armed. The
/// time itself (moving it, firing what falls due, in order, on the caller's thread) is all
/// <see cref="FakeTimeProvider"/>'s.
/// </summary>
internal sealed class TimerWatchingClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();
    private int _armed;

    /// <summary>Timers created and neither fired (one-shot), disarmed nor disposed.</summary>
    public int ActiveTimers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, callback, state, dueTime, period);
        _created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until the next timer is created and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _created.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(ProcessAssert.WaitLimit);

    /// <summary>Waits for the next timer and moves the clock to its due time, which fires it.</summary>
    public async Task<TimeSpan> FireNextTimerAsync()
    {
        var due = await NextTimerAsync();
        Advance(due);
        return due;
    }

    private ITimer CreateFakeTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);

    /// <summary>A <see cref="FakeTimeProvider"/> timer that keeps the clock's count of armed timers.</summary>
    private sealed class WatchedTimer : ITimer
    {
        private readonly TimerWatchingClock _clock;
        private readonly Lock _gate = new();
        private readonly ITimer _inner;
        private bool _armed;
        private bool _periodic;

        public WatchedTimer(TimerWatchingClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            Arm(dueTime, period);
            // A timer due at once fires inside this call, before it returns: Fired counts it already.
            _inner = clock.CreateFakeTimer(s => { Fired(); callback(s); }, state, dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Arm(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                Set(dueTime != Timeout.InfiniteTimeSpan);
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            }
        }

        private void Fired()
        {
            lock (_gate)
            {
                if (!_periodic)
                {
                    Set(false);
                }
            }
        }

        private void Set(bool armed)
        {
            if (armed != _armed)
            {
                Interlocked.Add(ref _clock._armed, armed ? 1 : -1);
                _armed = armed;
            }
        }
    }
}
