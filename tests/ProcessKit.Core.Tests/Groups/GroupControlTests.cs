using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Acting on a whole group: signals, suspend and resume (checked in the kernel's own state:
/// cgroup.events on cgroup v2, the stopped state 'T' of each process with process groups),
/// KillAll, StopAsync's report and Stats.
/// </summary>
public sealed class GroupControlTests : GroupTest
{
    private const int SigWinch = 28; // default action: ignore, so it harms no one

    [LinuxFact]
    public async Task Signal_reaches_every_process_of_the_tree()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        group.Signal(15);

        await AllGoneSoonAsync([leader, grandchild]);
        Assert.True(EndedBySigterm(await Ended(run)));
        await ProcessAssert.WaitUntilAsync(() => group.Members.Count == 0, "an empty group");
    }

    [LinuxFact]
    public async Task Signal_reaches_a_daemon_that_left_the_members_session()
    {
        await using var group = ProcessGroup.Create();
        await group.RunAsync(Helper("daemon", TempPath("daemon.pid")), Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(TempPath("daemon.pid"));

        group.Signal(15);

        await ProcessAssert.GoneSoonAsync(daemon);
    }

    [LinuxFact]
    public async Task Suspend_stops_every_process_and_Resume_lets_them_go_on()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);
        var probe = SuspensionProbe.For(group, leader.Pid, [leader.Pid, grandchild.Pid]);

        group.Suspend();
        await ProcessAssert.WaitUntilAsync(probe.IsSuspended, $"{group.Mechanism}: the tree to be suspended");
        Assert.True(leader.IsRunning && grandchild.IsRunning, "suspended is not gone");

        group.Resume();
        await ProcessAssert.WaitUntilAsync(probe.IsResumed, $"{group.Mechanism}: the tree to run again");

        // Resumed processes act on a signal again.
        group.Signal(15);
        await AllGoneSoonAsync([leader, grandchild]);
        await Ended(run);
    }

    [LinuxFact]
    public async Task Dispose_of_a_suspended_group_leaves_nothing()
    {
        var group = ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = TimeSpan.FromMilliseconds(200) });
        Task<ProcessResult> run;
        List<ProcessIdentity> tree;
        try
        {
            run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
            tree = [await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run), await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run)];
            var probe = SuspensionProbe.For(group, tree[0].Pid, [.. tree.Select(p => p.Pid)]);
            group.Suspend();
            await ProcessAssert.WaitUntilAsync(probe.IsSuspended, "the tree to be suspended");
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, tree);
        await Ended(run);
    }

    [LinuxFact]
    public async Task Signal_keeps_a_suspended_group_suspended()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var probe = SuspensionProbe.For(group, leader.Pid, [leader.Pid]);
        group.Suspend();
        await ProcessAssert.WaitUntilAsync(probe.IsSuspended, "the member to be suspended");

        group.Signal(SigWinch);

        Assert.True(probe.IsSuspended(), $"{group.Mechanism}: a signal resumed a suspended group");
        group.Resume();
    }

    [LinuxFact]
    public async Task KillAll_is_idempotent_and_the_group_stays_usable()
    {
        await using var group = ProcessGroup.Create();
        group.KillAll(); // nothing to kill yet
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        group.KillAll();
        group.KillAll();

        await AllGoneSoonAsync([leader, grandchild]);
        Assert.Equal(9, (await Ended(run)).Signal);
        group.KillAll();
        Assert.Equal("after the kill", await group.RunAsync(Helper("out", "after the kill"), Token));
        var again = StartMember(group, Member(TempPath("again.pid"), "hang"));
        var second = await ProcessAssert.WaitForPidFileAsync(TempPath("again.pid"), again);
        AssertMembers(group, [second]);
        group.KillAll();
        await ProcessAssert.GoneSoonAsync(second);
        await Ended(again);
    }

    [LinuxFact]
    public async Task StopAsync_reports_the_members_it_stopped_and_the_group_stays_usable()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        var report = await group.StopAsync(TimeSpan.FromSeconds(30), cancellationToken: Token);

        Assert.Contains(leader.Pid, report.MembersBefore);
        Assert.Contains(grandchild.Pid, report.MembersBefore);
        Assert.Empty(report.MembersAfter);
        Assert.True(report.DrainedWithinGrace);
        Assert.False(report.Escalated);
        Assert.Equal(0, report.FoundByMarker); // both were in the leader's process group (or cgroup)
        await GoneAfterTeardownAsync(group.Mechanism, [leader, grandchild]);
        Assert.Empty(group.Members);
        Assert.True(EndedBySigterm(await Ended(run)));

        Assert.Equal("next", await group.RunAsync(Helper("out", "next"), Token));
        var empty = await group.StopAsync(cancellationToken: Token);
        Assert.Empty(empty.MembersBefore);
        Assert.Empty(empty.MembersAfter);
        Assert.True(empty.DrainedWithinGrace);
        Assert.False(empty.Escalated);
    }

    [LinuxFact]
    public async Task StopAsync_without_a_grace_kills_at_once()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        var report = await group.StopAsync(TimeSpan.Zero, cancellationToken: Token);

        Assert.False(report.DrainedWithinGrace);
        Assert.True(report.Escalated);
        Assert.Empty(report.MembersAfter);
        await GoneAfterTeardownAsync(group.Mechanism, [leader, grandchild]);
        Assert.Equal(9, (await Ended(run)).Signal);
    }

    [LinuxFact]
    public async Task Cancelling_StopAsync_stops_the_wait_and_leaves_the_group_usable()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Helper("ignore-sigterm", "write-pid", TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var stop = group.StopAsync(TimeSpan.FromMinutes(5), cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop.WaitAsync(ProcessAssert.WaitLimit, Token));
        Assert.True(leader.IsRunning, "it ignores SIGTERM, and the wait for it was cancelled before any SIGKILL");
        AssertMembers(group, [leader]);
        group.KillAll();
        await ProcessAssert.GoneSoonAsync(leader);
        await Ended(run);
    }

    [LinuxFact]
    public async Task StopAsync_gives_a_suspended_group_its_grace()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var probe = SuspensionProbe.For(group, leader.Pid, [leader.Pid]);
        group.Suspend();
        await ProcessAssert.WaitUntilAsync(probe.IsSuspended, "the member to be suspended");

        var report = await group.StopAsync(TimeSpan.FromSeconds(10), cancellationToken: Token);

        Assert.True(report.DrainedWithinGrace, $"{group.Mechanism}: {report}");
        Assert.False(report.Escalated);
        await GoneAfterTeardownAsync(group.Mechanism, [leader]);
        Assert.True(EndedBySigterm(await Ended(run)));
    }

    [LinuxFact]
    public async Task Stats_counts_the_live_processes_and_gives_null_for_what_cannot_be_measured()
    {
        await using var group = ProcessGroup.Create();
        var empty = group.Stats();
        Assert.Equal(0, empty.ActiveProcesses);

        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        var stats = group.Stats();
        Assert.Equal(2, stats.ActiveProcesses);
        Assert.Equal(group.Members.Count, stats.ActiveProcesses);
        if (group.Mechanism == ContainmentMechanism.CgroupV2)
        {
            // Each figure is there exactly when the kernel keeps it for the group.
            var directory = CgroupProbe.GroupDirectoryOf(leader.Pid);
            Assert.NotNull(directory);
            Assert.Equal(File.Exists(Path.Combine(directory, "pids.peak")), stats.PeakProcesses is not null);
            Assert.Equal(File.Exists(Path.Combine(directory, "memory.peak")), stats.PeakMemoryBytes is not null);
            Assert.NotNull(stats.TotalCpuTime); // cpu.stat's usage_usec is kept without the cpu controller
            Assert.True(stats.TotalCpuTime > TimeSpan.Zero, "two .NET processes started: they used some CPU");
            if (stats.PeakProcesses is { } peak)
            {
                Assert.True(peak >= 2);
            }
        }
        else
        {
            Assert.Null(stats.PeakProcesses);
            Assert.Null(stats.PeakMemoryBytes);
            Assert.Null(stats.TotalCpuTime);
        }

        group.KillAll();
        await Ended(run);
        await ProcessAssert.WaitUntilAsync(() => group.Stats().ActiveProcesses == 0, "no active process");
    }

    /// <summary>Reads whether a tree is suspended from the kernel, the way the group's mechanism suspends it.</summary>
    private sealed class SuspensionProbe(string? cgroup, int[] pids)
    {
        public static SuspensionProbe For(ProcessGroup group, int leader, int[] pids)
        {
            var cgroup = group.Mechanism == ContainmentMechanism.CgroupV2 ? CgroupProbe.GroupDirectoryOf(leader) : null;
            Assert.Equal(group.Mechanism == ContainmentMechanism.CgroupV2, cgroup is not null);
            return new SuspensionProbe(cgroup, pids);
        }

        /// <summary>cgroup v2: the group reports "frozen 1"; process groups: every process is stopped ('T').</summary>
        public bool IsSuspended() => cgroup is not null ? CgroupProbe.IsFrozen(cgroup) : pids.All(pid => ProcStat.Read(pid)?.State == 'T');

        /// <summary>cgroup v2: "frozen 0"; process groups: no process is stopped.</summary>
        public bool IsResumed() => cgroup is not null
            ? CgroupProbe.ReadKey(cgroup, "cgroup.events", "frozen") == 0
            : pids.All(pid => ProcStat.Read(pid)?.State is not 'T');
    }
}
