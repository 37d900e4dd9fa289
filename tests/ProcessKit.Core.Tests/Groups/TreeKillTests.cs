using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// A one-shot command runs in a private container: a timeout, a cancellation, and the main
/// child's own exit each take its grandchildren with it. Each grandchild's pid and start time are
/// read while it runs, so a later process that reuses the pid is never mistaken for it.
/// </summary>
public sealed class TreeKillTests : SpawningTest
{
    [LinuxFact]
    public async Task A_timeout_kills_a_grandchild()
    {
        var pidFile = TempPath("grandchild.pid");
        var clock = new FakeTimeProvider();
        var run = Helper("grandchild", pidFile, "hang").WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync(Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        clock.Advance(TimeSpan.FromMinutes(1));

        var result = await run;
        Assert.True(result.TimedOut);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task A_timeout_with_a_grace_kills_a_grandchild_too()
    {
        var pidFile = TempPath("grandchild.pid");
        var clock = new FakeTimeProvider();
        var run = Helper("grandchild", pidFile, "hang")
            .WithTimeout(TimeSpan.FromMinutes(1), grace: TimeSpan.FromMinutes(1))
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        clock.Advance(TimeSpan.FromMinutes(1));

        var result = await run;
        Assert.True(result.TimedOut);
        Assert.Equal(15, result.Signal);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task A_cancellation_kills_a_grandchild()
    {
        var pidFile = TempPath("grandchild.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Helper("grandchild", pidFile, "hang").OutputAsync(cancellation.Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task The_main_childs_normal_exit_kills_a_grandchild_that_is_still_running()
    {
        var pidFile = TempPath("grandchild.pid");
        using var gate = new InputGate();
        var run = Helper("grandchild", pidFile, "read-line").WithStandardInput(gate.Input).OutputAsync(Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        gate.Release("go");

        var result = await run;
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("got: go\n", result.StandardOutput);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task A_grandchild_holding_the_output_pipe_is_killed_when_the_main_child_exits_so_the_verb_returns()
    {
        var pidFile = TempPath("grandchild.pid");
        using var gate = new InputGate();
        var run = Helper("grandchild-inherit", pidFile, "read-line").WithStandardInput(gate.Input).OutputAsync(Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        gate.Release("go");

        // Without the container's kill the grandchild would keep stdout open and this would never return.
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("got: go\n", result.StandardOutput);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task A_timeout_kills_every_one_of_many_children()
    {
        var clock = new FakeTimeProvider();
        var lines = new LineCollector();
        var run = Helper("spawn-many", "20", "hang").WithStandardOutput(lines.Target).WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync(Token);
        Assert.Equal("spawned 20", await lines.NextAsync());
        var tree = ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker);
        Assert.Equal(21, tree.Count);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await run).TimedOut);
        foreach (var process in tree)
        {
            await ProcessAssert.GoneSoonAsync(process);
        }
    }
}
