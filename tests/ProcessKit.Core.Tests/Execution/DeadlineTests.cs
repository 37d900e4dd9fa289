using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The one timeout rule (<see cref="Deadline"/>) that a run, a pipeline and a scripted process
/// share: armed on the given clock, it marks once, sends the first signal (SIGTERM when a grace
/// follows, else SIGKILL) and SIGKILL when the grace ends, and leaves no timer behind.
/// </summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public void Without_a_timeout_nothing_is_armed()
    {
        var clock = new TimerWatchingClock();

        Assert.Null(Deadline.Arm(null, Grace, clock, _ => throw new InvalidOperationException("never expires")));
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void Without_a_grace_the_deadline_marks_then_sends_SIGKILL_at_once_and_nothing_more()
    {
        var clock = new TimerWatchingClock();
        var target = new Target();
        using var deadline = Deadline.Arm(Timeout, TimeSpan.Zero, clock, target.Expire);

        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.Empty(target.Events);
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(["marked (grace 00:00:00)", "signal 9"], target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void With_a_grace_the_deadline_sends_SIGTERM_then_SIGKILL_when_the_grace_ends_on_the_same_clock()
    {
        var clock = new TimerWatchingClock();
        var target = new Target();
        using var deadline = Deadline.Arm(Timeout, Grace, clock, target.Expire);

        clock.Advance(Timeout);
        Assert.Equal(["marked (grace 00:00:30)", "signal 15"], target.Events);
        clock.Advance(Grace - TimeSpan.FromTicks(1));
        Assert.Equal(2, target.Events.Count);
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(["marked (grace 00:00:30)", "signal 15", "signal 9"], target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void Disarmed_before_it_passes_it_does_nothing_and_leaves_no_timer()
    {
        var clock = new TimerWatchingClock();
        var target = new Target();
        var deadline = Deadline.Arm(Timeout, Grace, clock, target.Expire)!;
        Assert.Equal(1, clock.ActiveTimers);

        deadline.Dispose();
        clock.Advance(Timeout + Grace);

        Assert.Empty(target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void Disarmed_during_the_grace_it_sends_no_SIGKILL()
    {
        var clock = new TimerWatchingClock();
        var target = new Target();
        var deadline = Deadline.Arm(Timeout, Grace, clock, target.Expire)!;
        clock.Advance(Timeout);

        deadline.Dispose();
        clock.Advance(Grace);

        Assert.Equal(["marked (grace 00:00:30)", "signal 15"], target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void When_nothing_is_left_to_stop_nothing_is_signalled_and_no_grace_runs()
    {
        var clock = new TimerWatchingClock();
        var target = new Target { Running = false };
        using var deadline = Deadline.Arm(Timeout, Grace, clock, target.Expire);

        clock.Advance(Timeout + Grace);

        Assert.Equal(["marked (grace 00:00:30)"], target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void An_owner_that_ends_at_the_first_signal_and_disarms_gets_no_grace_timer()
    {
        // What a scripted process does: it obeys SIGTERM, so its end disarms the deadline.
        var clock = new TimerWatchingClock();
        var target = new Target();
        Deadline? deadline = null;
        deadline = Deadline.Arm(Timeout, Grace, clock, grace => target.Expire(grace) is null ? null : signal =>
        {
            target.Events.Add("ended by signal " + signal);
            deadline!.Dispose();
        });

        clock.Advance(Timeout + Grace);

        Assert.Equal(["marked (grace 00:00:30)", "ended by signal 15"], target.Events);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void The_first_signal_is_SIGTERM_with_a_grace_and_SIGKILL_without()
    {
        Assert.Equal(15, Deadline.FirstSignal(Grace));
        Assert.Equal(9, Deadline.FirstSignal(TimeSpan.Zero));
    }

    /// <summary>What a deadline's owner sees: when it is asked to mark, and which signals it is sent.</summary>
    private sealed class Target
    {
        public List<string> Events { get; } = [];

        public bool Running { get; init; } = true;

        public Action<int>? Expire(TimeSpan grace)
        {
            Events.Add($"marked (grace {grace})");
            return Running ? signal => Events.Add("signal " + signal) : null;
        }
    }
}
