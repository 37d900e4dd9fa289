using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// A group stopped at the worst moments: right after <see cref="ProcessGroup.StartAsync"/>
/// returned, while starts are still in flight, right after a member's main process exited. Found
/// by a torture run (issue 10); each test loops because each race is narrow.
/// </summary>
public sealed class StartStopRaceTests : GroupTest
{
    /// <summary>Cycles of the create-start-dispose loop; fewer for process groups, whose every look is a /proc scan.</summary>
    private static int LoopCycles => ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2 ? 1000 : 200;

    /// <summary>A start is complete only once the child is in its container: a kill right after it cannot miss it.</summary>
    [LinuxFact]
    public async Task StartAsync_returns_only_once_the_child_is_a_member()
    {
        for (var cycle = 0; cycle < 20; cycle++)
        {
            await using var group = ProcessGroup.Create();
            var process = await group.StartAsync(Sleep(), Token);

            Assert.Contains(process.Id, group.Members);
        }
    }

    [LinuxFact]
    public async Task Create_start_dispose_in_a_loop_leaves_no_process_and_no_cgroup()
    {
        var started = new List<ProcessIdentity>();
        var cgroups = new List<string>();
        for (var cycle = 0; cycle < LoopCycles; cycle++)
        {
            var group = ProcessGroup.Create();
            var process = await group.StartAsync(Sleep(), Token);
            started.Add(ProcessIdentity.Of(process.Id));
            if (CgroupProbe.GroupDirectoryOf(process.Id) is { } cgroup)
            {
                cgroups.Add(cgroup);
            }

            await group.DisposeAsync();
        }

        Assert.True(started.TrueForAll(p => !p.IsRunning), $"still running: {string.Join(", ", started.Where(p => p.IsRunning))}");
        Assert.True(cgroups.TrueForAll(c => !Directory.Exists(c)), $"left: {string.Join(", ", cgroups.Where(Directory.Exists))}");
    }

    [LinuxFact]
    public async Task Disposing_while_starts_are_in_flight_leaves_no_process_and_no_cgroup()
    {
        for (var cycle = 0; cycle < 20; cycle++)
        {
            var group = ProcessGroup.Create();
            var first = await group.StartAsync(Sleep(), Token);
            var started = new List<ProcessIdentity> { ProcessIdentity.Of(first.Id) };
            var cgroup = CgroupProbe.GroupDirectoryOf(first.Id);
            var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(() => group.StartAsync(Sleep(), Token), Token)).ToList();

            await group.DisposeAsync();

            foreach (var start in starts)
            {
                try
                {
                    if (ProcStat.Read((await start).Id) is { IsRunning: true } stat)
                    {
                        started.Add(new ProcessIdentity(stat.Pid, stat.StartTime));
                    }
                }
                catch (ObjectDisposedException)
                {
                    // Too late: the group was already being torn down.
                }
            }

            // A start that won the race against the teardown was killed by it.
            await AllGoneSoonAsync(started);
            Assert.False(cgroup is not null && Directory.Exists(cgroup), $"{cgroup} is left");
        }
    }

    /// <summary>
    /// A descendant that cleared its environment but stayed in the member's process group: process
    /// groups reach it through that group, also once the main process has exited and been reaped.
    /// </summary>
    [LinuxFact]
    public async Task A_descendant_with_a_cleared_environment_dies_with_the_group_after_the_main_process_exited()
    {
        var pidFile = TempPath("leaf.pid");
        var group = ProcessGroup.Create();
        ProcessIdentity? leaf = null;
        try
        {
            var main = await group.StartAsync(
                Shell("env -i \"$0\" write-pid \"$1\" hang & while [ ! -s \"$1\" ]; do sleep 0.02; done", pidFile)
                    .WithStandardOutput(OutputTarget.Discard)
                    .WithStandardError(OutputTarget.Discard),
                Token);
            leaf = await ProcessAssert.WaitForPidFileAsync(pidFile, main.Exited);
            await main.WaitForExitAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

            await group.DisposeAsync();

            await GoneAfterTeardownAsync(group.Mechanism, [leaf.Value]);
        }
        finally
        {
            leaf?.KillIfRunning(); // it carries no marker of the test: nothing else would find it
            await group.DisposeAsync();
        }
    }

    /// <summary>
    /// A member's main process exits at once and leaves a child that ends on SIGTERM: a stop right
    /// after the start ends that child within the grace every time, without SIGKILL, whether the main
    /// process is still running, mid-fork or already reaped.
    /// </summary>
    [LinuxFact]
    public async Task A_stop_right_after_the_start_ends_what_the_main_process_left_within_the_grace()
    {
        for (var cycle = 0; cycle < 20; cycle++)
        {
            await using var group = ProcessGroup.Create(LongGrace);
            await group.StartAsync(Shell("sleep 30 & exit 0"), Token);

            var report = await group.StopAsync(cancellationToken: Token);

            Assert.True(report.DrainedWithinGrace && !report.Escalated, $"cycle {cycle}, {group.Mechanism}: {report}");
            Assert.Empty(report.MembersAfter);
            await GoneAfterTeardownAsync(group.Mechanism, ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker));
        }
    }

    /// <summary>
    /// The documented limit of cgroup v2 containment: a child running as root may move itself out by
    /// writing its pid into another cgroup's <c>cgroup.procs</c>. Then it is no member, and the
    /// group's teardown does not reach it.
    /// </summary>
    [LinuxFact]
    public async Task A_root_child_that_moves_itself_out_of_its_cgroup_is_no_longer_contained()
    {
        Assert.SkipUnless(ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2 && Environment.UserName == "root" && CgroupProbe.Mount is not null,
            "cgroup v2 as root only");
        var pidFile = TempPath("mover.pid");
        var group = ProcessGroup.Create();
        ProcessIdentity? mover = null;
        try
        {
            var process = await group.StartAsync(Shell("echo $$ > \"$1\"/cgroup.procs && exec \"$0\" write-pid \"$2\" hang", CgroupProbe.Mount!, pidFile), Token);
            mover = await ProcessAssert.WaitForPidFileAsync(pidFile, process.Exited);

            Assert.DoesNotContain(mover.Value.Pid, group.Members);
            await group.DisposeAsync();
            Assert.True(mover.Value.IsRunning, "the teardown reached a process outside the group's cgroup");
        }
        finally
        {
            mover?.KillIfRunning();
            await group.DisposeAsync();
        }

        await ProcessAssert.GoneSoonAsync(mover!.Value);
    }

    private Command Sleep() => Track(new Command("sleep", "30")).WithStandardOutput(OutputTarget.Discard);
}
