using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>
/// The testing package follows Core's rule for every wait it takes (issue 10, item 7): longer than
/// the longest wait a timer takes (about 49.7 days) is refused at the call, naming the parameter
/// and the limit, never later by a timer with an unrelated error.
/// </summary>
public sealed class TimerLimitTests
{
    private static readonly TimeSpan JustTooLong = TimeSpan.FromMilliseconds(uint.MaxValue - 1) + TimeSpan.FromTicks(1);

    [Fact]
    public void Server_startup_timeouts_and_stop_graces_are_refused_when_no_timer_can_measure_them()
    {
        var builder = new HelperServerBuilder(new Command("server"));

        AssertRefused("timeout", () => builder.WithStartupTimeout(TimeSpan.MaxValue));
        AssertRefused("grace", () => builder.WithStopGrace(JustTooLong));
    }

    [Fact]
    public void A_scripted_lines_delay_is_refused_when_no_timer_can_measure_it()
    {
        AssertRefused("delay", () => ScriptedLine.Out("late").After(TimeSpan.MaxValue));
    }

    [Fact]
    public async Task A_cassette_lock_timeout_is_refused_when_no_timer_can_measure_it_and_infinite_still_waits_forever()
    {
        using var folder = new CassetteFolder();
        AssertRefused(nameof(CassetteOptions.LockTimeout), () => folder.Runner("refused", new CassetteOptions { LockTimeout = JustTooLong }));
        await using var forever = folder.Runner("accepted", new CassetteOptions { LockTimeout = Timeout.InfiniteTimeSpan });
    }

    private static void AssertRefused(string parameter, Action call)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(parameter, call);
        Assert.Contains("at most 49.7 days", error.Message, StringComparison.Ordinal);
    }
}
