using System.Threading.Channels;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Supervision;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also reports the due time of every timer created on it,
/// so a test learns what the supervisor waits for (a backoff, a health-check interval) and moves
/// the clock exactly that far, once the timer exists.
/// </summary>
internal sealed class TimerWatchingClock : TimeProvider
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _clock.CreateTimer(callback, state, dueTime, period);
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
        _clock.Advance(due);
        return due;
    }

    /// <summary>Moves the clock on, firing whatever falls due.</summary>
    public void Advance(TimeSpan by) => _clock.Advance(by);
}
