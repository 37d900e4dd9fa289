using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// A descendant that calls setsid(2) and clears its environment leaves everything the
/// process-group container can find (its group and its marker): the documented limit of that
/// backend, which a cgroup v2 container does not have. Holding the output pipe, such an escapee
/// must still not hold the verb: a deadline or a cancellation ends the wait after a short drain
/// grace. Each test kills a surviving escapee itself.
/// </summary>
public sealed class EscapeeTests : SpawningTest
{
    /// <summary>
    /// $0 is the TestHelper, $1 the escapee's pid file. The shell prints its pid, starts an escapee
    /// that shares its stdout, clears its environment and calls setsid (it can: unlike the shell it
    /// leads no group), then waits for a line on stdin before it exits.
    /// </summary>
    private const string StartEscapee = "echo $$; env -i \"$0\" setsid write-pid \"$1\" hang & read line";

    /// <summary>With cgroup v2 nothing escapes: the escapee dies with the container.</summary>
    private static bool ContainerReachesEscapees => ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2;

    [LinuxFact]
    public async Task A_timeout_returns_although_an_escapee_holds_stdout()
    {
        var pidFile = TempPath("escapee.pid");
        var clock = new FakeTimeProvider();
        using var gate = new InputGate(); // never released: the shell waits in "read" until the timeout
        var run = Shell(StartEscapee, pidFile).WithStandardInput(gate.Input).WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync(Token);
        var escapee = await ProcessAssert.WaitForPidFileAsync(pidFile, run);
        try
        {
            clock.Advance(TimeSpan.FromMinutes(1));

            // With process groups the escapee keeps the pipe open: the run ends after the drain grace.
            var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
            Assert.True(result.TimedOut);
            Assert.Contains("setsid ok", result.StandardOutput, StringComparison.Ordinal);
            if (ContainerReachesEscapees)
            {
                await ProcessAssert.GoneSoonAsync(escapee);
            }
        }
        finally
        {
            escapee.KillIfRunning();
        }

        await ProcessAssert.GoneSoonAsync(escapee);
    }

    [LinuxFact]
    public async Task The_deadline_bounds_the_run_when_the_main_child_exits_in_time_but_an_escapee_holds_stdout()
    {
        var pidFile = TempPath("escapee.pid");
        var clock = new FakeTimeProvider();
        var lines = new LineCollector();
        using var gate = new InputGate();
        var run = Shell(StartEscapee, pidFile)
            .WithStandardInput(gate.Input)
            .WithStandardOutput(lines.Target)
            .WithTimeout(TimeSpan.FromMinutes(1))
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        var shell = ProcessIdentity.Of(int.Parse(await lines.NextAsync(), CultureInfo.InvariantCulture));
        var escapee = await ProcessAssert.WaitForPidFileAsync(pidFile, run);
        try
        {
            gate.Release("exit now");

            // Reaped, not only a zombie: a zombie shows before the engine has seen the exit, and a
            // deadline passing then finds the shell still running; the engine marks it before it reaps.
            await ProcessAssert.WaitUntilAsync(() => ProcStat.Read(shell.Pid) is not { } stat || stat.StartTime != shell.StartTime, "the shell to be reaped");
            if (!ContainerReachesEscapees)
            {
                Assert.False(run.IsCompleted, "the escapee still holds stdout, so the output is not complete yet");
                clock.Advance(TimeSpan.FromMinutes(1));
            }

            var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
            Assert.False(result.TimedOut);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("setsid ok", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            escapee.KillIfRunning();
        }

        await ProcessAssert.GoneSoonAsync(escapee);
    }

    [LinuxFact]
    public async Task Cancellation_stops_waiting_for_an_escapee_that_holds_stdout_after_the_main_child_exited()
    {
        Assert.SkipWhen(ContainerReachesEscapees, "With cgroup v2 the escapee dies with the main child, so there is nothing to wait for.");
        var pidFile = TempPath("escapee.pid");
        var lines = new LineCollector();
        using var gate = new InputGate();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Shell(StartEscapee, pidFile).WithStandardInput(gate.Input).WithStandardOutput(lines.Target).OutputAsync(cancellation.Token);
        var shell = ProcessIdentity.Of(int.Parse(await lines.NextAsync(), CultureInfo.InvariantCulture));
        var escapee = await ProcessAssert.WaitForPidFileAsync(pidFile, run);
        try
        {
            gate.Release("exit now");
            await ProcessAssert.WaitUntilAsync(() => !shell.IsRunning, "the shell to exit");
            Assert.False(run.IsCompleted, "without a deadline the run waits for the pipe to close");

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(ProcessAssert.WaitLimit, Token));
        }
        finally
        {
            escapee.KillIfRunning();
        }

        await ProcessAssert.GoneSoonAsync(escapee);
    }

    [LinuxFact]
    public async Task An_escapee_that_keeps_its_environment_is_still_killed_with_the_tree()
    {
        // Only setsid, no cleared environment: the process-group backend finds it by its marker.
        var pidFile = TempPath("escapee.pid");
        var clock = new FakeTimeProvider();
        using var gate = new InputGate();
        var run = Shell("\"$0\" setsid write-pid \"$1\" hang & read line", pidFile).WithStandardInput(gate.Input).WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync(Token);
        var escapee = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        clock.Advance(TimeSpan.FromMinutes(1));

        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
        Assert.True(result.TimedOut);
        await ProcessAssert.GoneSoonAsync(escapee);
    }
}
