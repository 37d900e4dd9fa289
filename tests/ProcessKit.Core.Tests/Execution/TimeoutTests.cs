using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Timeouts: SIGKILL at once without a grace, SIGTERM then SIGKILL with one, and what the result
/// says. Where the test must be ready before the deadline (a handler installed, a line written)
/// the clock is a <see cref="FakeTimeProvider"/> that the test advances itself.
/// </summary>
public sealed class TimeoutTests : SpawningTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [LinuxFact]
    public async Task Without_a_grace_the_process_is_killed_with_SIGKILL_and_the_result_says_timed_out()
    {
        var result = await Helper("hang").WithTimeout(TimeSpan.FromMilliseconds(500)).OutputAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(9, result.Signal);
        Assert.False(result.IsSuccess);
        Assert.Equal("timed out", result.Status);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [LinuxFact]
    public async Task With_a_grace_a_process_that_honours_SIGTERM_dies_by_SIGTERM()
    {
        var result = await Helper("hang").WithTimeout(TimeSpan.FromMilliseconds(500), grace: TimeSpan.FromMinutes(5)).OutputAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(15, result.Signal);
    }

    [LinuxFact]
    public async Task With_a_grace_a_process_that_ignores_SIGTERM_is_killed_with_SIGKILL_when_the_grace_ends()
    {
        var clock = new FakeTimeProvider();
        var lines = new LineCollector();
        var run = Helper("ignore-sigterm", "print-pid", "hang")
            .WithStandardOutput(lines.Target)
            .WithTimeout(Deadline, Grace)
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        Assert.Equal("ignoring SIGTERM", await lines.NextAsync());
        var child = ProcessIdentity.Of(int.Parse(await lines.NextAsync(), CultureInfo.InvariantCulture));

        clock.Advance(Deadline);

        // SIGTERM was sent: once it is no longer pending the child has handled it and lives on.
        await ProcessAssert.WaitUntilAsync(() => !ProcessAssert.IsSignalPending(child.Pid, 15), "SIGTERM to be delivered", run);
        Assert.True(child.IsRunning, "the child should have survived SIGTERM");
        Assert.False(run.IsCompleted);

        clock.Advance(Grace);

        var result = await run;
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(9, result.Signal);
        Assert.StartsWith("ignoring SIGTERM\n", result.StandardOutput, StringComparison.Ordinal);
        ProcessAssert.Gone(child);
    }

    [LinuxFact]
    public async Task A_deadline_that_passes_the_moment_the_run_started_still_kills_the_child()
    {

        // The child may not have finished joining its container yet: the kill must reach it anyway.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var clock = new FakeTimeProvider();
            var run = Helper("hang").WithTimeout(Deadline).WithTimeProvider(clock).OutputAsync(Token);

            clock.Advance(Deadline);

            var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
            Assert.True(result.TimedOut);
            Assert.Equal(9, result.Signal);
        }
    }

    [LinuxFact]
    public async Task A_process_that_ends_before_the_deadline_is_not_timed_out()
    {
        var result = await Helper("out", "quick", "exit", "4").WithTimeout(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)).OutputAsync(Token);

        Assert.False(result.TimedOut);
        Assert.Equal(4, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal("quick\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task Output_written_before_the_timeout_is_kept_in_the_result()
    {
        var clock = new FakeTimeProvider();
        var stdoutReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Helper("out", "before", "err", "before too", "hang")
            .WithStandardOutput(OutputTarget.ToLineHandler(_ => stdoutReady.TrySetResult()))
            .WithStandardError(OutputTarget.ToLineHandler(_ => stderrReady.TrySetResult()))
            .WithTimeout(Deadline)
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        await Task.WhenAll(stdoutReady.Task, stderrReady.Task).WaitAsync(ProcessAssert.WaitLimit, Token);

        clock.Advance(Deadline);

        var result = await run;
        Assert.True(result.TimedOut);
        Assert.Equal("before\n", result.StandardOutput);
        Assert.Equal("before too\n", result.StandardError);
    }

    [LinuxFact]
    public async Task The_longest_grace_is_honoured_when_the_deadline_passes()
    {
        // The pipes are read for a while past the grace: that bound is the grace plus a margin,
        // which must stay within what a timer takes instead of throwing from the deadline's timer.
        var clock = new TimerWatchingClock();
        var run = Helper("hang").WithTimeout(Deadline, TimeSpan.FromMilliseconds(uint.MaxValue - 1)).WithTimeProvider(clock).OutputAsync(Token);
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers > 0, "the deadline's timer", run);

        clock.Advance(Deadline);

        var result = await run;
        Assert.True(result.TimedOut);
        Assert.Equal(15, result.Signal);
    }

    [LinuxFact]
    public async Task The_deadline_is_measured_on_the_commands_TimeProvider()
    {
        // The fake clock never moves, so a one-tick timeout never expires.
        var result = await Helper("sleep", "50", "out", "done")
            .WithTimeout(TimeSpan.FromTicks(1))
            .WithTimeProvider(new FakeTimeProvider())
            .OutputAsync(Token);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task The_timer_is_released_when_the_process_ends_first()
    {
        var clock = new TimerWatchingClock();

        var result = await Helper("exit", "0").WithTimeout(Deadline, Grace).WithTimeProvider(clock).OutputAsync(Token);

        Assert.False(result.TimedOut);
        Assert.Equal(0, clock.ActiveTimers);
        clock.Advance(Deadline + Grace); // a timer left behind would fire on a finished run here
    }
}
