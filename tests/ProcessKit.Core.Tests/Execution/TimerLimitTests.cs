using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// One rule for every timeout, grace and interval (issue 10, item 7): at most the longest wait a
/// timer takes (uint.MaxValue - 1 ms, about 49.7 days), refused at the call that supplies it with an
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and the limit, never later by a
/// timer with an unrelated error.
/// </summary>
public sealed class TimerLimitTests
{
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private static readonly TimeSpan JustTooLong = Longest + TimeSpan.FromTicks(1);
    private static readonly Command Tool = new("tool", "a");

    public static TheoryData<TimeSpan> TooLong => [JustTooLong, TimeSpan.MaxValue];

    [Theory]
    [MemberData(nameof(TooLong))]
    public void Command_WithTimeout_refuses_a_timeout_or_grace_no_timer_can_measure(TimeSpan tooLong)
    {
        AssertRefused("timeout", () => Tool.WithTimeout(tooLong));
        AssertRefused("grace", () => Tool.WithTimeout(TimeSpan.FromSeconds(1), tooLong));
    }

    [Theory]
    [MemberData(nameof(TooLong))]
    public void Pipeline_and_CliClient_timeouts_follow_the_same_rule(TimeSpan tooLong)
    {
        var pipeline = Tool | new Command("other");
        AssertRefused("timeout", () => pipeline.WithTimeout(tooLong));
        AssertRefused("grace", () => pipeline.WithTimeout(TimeSpan.FromSeconds(1), tooLong));
        AssertRefused("timeout", () => new CliClient("tool").WithTimeout(tooLong));
        AssertRefused("grace", () => new CliClient("tool").WithTimeout(TimeSpan.FromSeconds(1), tooLong));
    }

    [Fact]
    public void The_longest_timeout_and_grace_are_accepted_and_infinite_still_means_none()
    {
        var longest = Tool.WithTimeout(Longest, Longest);
        Assert.Equal(Longest, longest.Timeout);
        Assert.Equal(Longest, longest.TimeoutGrace);

        Assert.Null(Tool.WithTimeout(Timeout.InfiniteTimeSpan).Timeout);
        Assert.Null((Tool | new Command("other")).WithTimeout(Timeout.InfiniteTimeSpan).Timeout);
    }

    [Fact]
    public void Readiness_waits_and_poll_intervals_follow_the_same_rule()
    {
        AssertRefused("interval", () => ReadinessProbe.TcpPort(8080).WithPollInterval(TimeSpan.MaxValue));
        AssertRefused("timeout", () => ReadinessProbe.TcpPort(8080).WaitUntilReadyAsync(null, TimeSpan.MaxValue, cancellationToken: TestContext.Current.CancellationToken));
    }

    [LinuxFact]
    public async Task A_process_groups_grace_follows_the_same_rule()
    {
        AssertRefused(nameof(ProcessGroupOptions.ShutdownGrace), () => ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = TimeSpan.MaxValue }));
        await using var group = ProcessGroup.Create();
        AssertRefused("grace", () => group.StopAsync(TimeSpan.MaxValue, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Supervisor_waits_use_the_same_limit()
    {
        Assert.Equal(Longest, SupervisorOptions.MaxWait);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Supervisor(Tool, new SupervisorOptions { StopGrace = JustTooLong }));
    }

    private static void AssertRefused(string parameter, Action call)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(parameter, call);
        Assert.Contains("at most 49.7 days", error.Message, StringComparison.Ordinal);
    }
}
