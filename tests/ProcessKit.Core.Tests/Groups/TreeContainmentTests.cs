using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// The shapes of process tree a group must hold: grandchildren, a descendant that left with
/// setsid, a double-forked daemon, a child that ignores SIGTERM, a burst of 200 processes, many
/// members at once. Each process is named by pid and start time while it runs, is among
/// <see cref="ProcessGroup.Members"/>, and is gone once the group is disposed (a zombie counts
/// as gone: init here reaps orphans lazily).
/// </summary>
public sealed class TreeContainmentTests : GroupTest
{
    [LinuxFact]
    public async Task Grandchildren_are_members_and_are_gone_after_dispose()
    {
        var group = ProcessGroup.Create(LongGrace);
        List<ProcessIdentity> tree;
        Task<ProcessResult> run;
        string? cgroup;
        try
        {
            run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
            var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
            var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);
            tree = [leader, grandchild];
            AssertMembers(group, tree);
            cgroup = CgroupProbe.GroupDirectoryOf(leader.Pid);
            Assert.Equal(group.Mechanism == ContainmentMechanism.CgroupV2, cgroup is not null);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, tree);
        var result = await Ended(run);
        Assert.True(EndedBySigterm(result), $"the leader should end by the teardown's SIGTERM: {result}");
        if (cgroup is not null)
        {
            Assert.False(Directory.Exists(cgroup), $"the group's cgroup {cgroup} should be removed");
        }
    }

    [LinuxFact]
    public async Task A_descendant_that_left_with_setsid_is_a_member_and_is_gone_after_dispose()
    {
        // $0 is the helper; the background child is not a group leader, so its setsid succeeds.
        const string Script = "\"$0\" setsid write-pid \"$1\" hang & exec \"$0\" write-pid \"$2\" hang";
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Shell(Script, TempPath("escapee.pid"), TempPath("leader.pid")));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var escapee = await ProcessAssert.WaitForPidFileAsync(TempPath("escapee.pid"), run);
        var escapeeStat = ProcStat.Read(escapee.Pid)!;
        Assert.Equal(escapee.Pid, escapeeStat.SessionId);
        Assert.NotEqual(ProcStat.Read(leader.Pid)!.SessionId, escapeeStat.SessionId);
        AssertMembers(group, [leader, escapee]);

        var report = await group.StopAsync(TimeSpan.FromSeconds(30), cancellationToken: Token);

        await GoneAfterTeardownAsync(group.Mechanism, [leader, escapee]);
        Assert.Empty(report.MembersAfter);
        Assert.Contains(escapee.Pid, report.MembersBefore);
        if (group.Mechanism == ContainmentMechanism.ProcessGroup)
        {
            Assert.True(report.FoundByMarker >= 1, "the escapee left every member's process group: only the marker finds it");
        }
        else
        {
            Assert.Equal(0, report.FoundByMarker);
        }

        await Ended(run);
    }

    [LinuxFact]
    public async Task A_double_forked_daemon_stays_after_its_command_returns_and_is_gone_after_dispose()
    {
        var group = ProcessGroup.Create();
        ProcessIdentity daemon;
        try
        {
            await group.RunAsync(Helper("daemon", TempPath("daemon.pid")), Token);
            daemon = ProcessIdentity.Of(int.Parse(await File.ReadAllTextAsync(TempPath("daemon.pid"), Token), System.Globalization.CultureInfo.InvariantCulture));
            var stat = ProcStat.Read(daemon.Pid)!;
            Assert.NotEqual(ProcStat.Read(Environment.ProcessId)!.SessionId, stat.SessionId);
            Assert.NotEqual(Environment.ProcessId, stat.ParentPid);
            AssertMembers(group, [daemon]);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, [daemon]);
    }

    [LinuxFact]
    public async Task A_grandchild_stays_in_the_group_after_its_member_exits_until_dispose()
    {
        var group = ProcessGroup.Create();
        ProcessIdentity grandchild;
        try
        {
            await group.RunAsync(Helper("grandchild", TempPath("grandchild.pid")), Token);
            grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"));
            AssertMembers(group, [grandchild]);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, [grandchild]);
    }

    [LinuxFact]
    public async Task A_member_with_a_cleared_environment_is_contained_with_its_grandchild()
    {
        var group = ProcessGroup.Create();
        List<ProcessIdentity> tree;
        Task<ProcessResult> run;
        try
        {
            // Track again: clearing the environment dropped the test's marker, not the group's.
            run = StartMember(group, Track(Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang").WithClearedEnvironment()));
            tree = [await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run), await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run)];
            AssertMembers(group, tree);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, tree);
        await Ended(run);
    }

    [LinuxFact]
    public async Task A_child_that_ignores_SIGTERM_is_killed_when_the_grace_runs_out()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Helper("ignore-sigterm", "write-pid", TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        var report = await group.StopAsync(TimeSpan.FromMilliseconds(200), cancellationToken: Token);

        Assert.False(report.DrainedWithinGrace);
        Assert.True(report.Escalated);
        Assert.Empty(report.MembersAfter);
        Assert.Contains(leader.Pid, report.MembersBefore);
        await GoneAfterTeardownAsync(group.Mechanism, [leader, grandchild]);
        var result = await Ended(run);
        Assert.Equal(9, result.Signal);
        Assert.StartsWith("ignoring SIGTERM", result.StandardOutput, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Dispose_kills_a_child_that_ignores_SIGTERM_once_the_grace_runs_out()
    {
        var group = ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = TimeSpan.FromMilliseconds(200) });
        Task<ProcessResult> run;
        List<ProcessIdentity> tree;
        try
        {
            run = StartMember(group, Helper("ignore-sigterm", "write-pid", TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
            tree = [await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run), await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run)];
            AssertMembers(group, tree);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, tree);
        Assert.Equal(9, (await Ended(run)).Signal);
    }

    [LinuxFact]
    public async Task Without_escalation_a_child_that_ignores_SIGTERM_is_left_running_and_the_group_stays_usable()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Helper("ignore-sigterm", "write-pid", TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);

        var report = await group.StopAsync(TimeSpan.FromMilliseconds(200), escalate: false, Token);

        Assert.False(report.DrainedWithinGrace);
        Assert.False(report.Escalated);
        Assert.Contains(leader.Pid, report.MembersAfter);
        Assert.True(leader.IsRunning);
        Assert.Equal("still here", await group.RunAsync(Helper("out", "still here"), Token));

        group.KillAll();
        await ProcessAssert.GoneSoonAsync(leader);
        Assert.Equal(9, (await Ended(run)).Signal);
    }

    [LinuxFact]
    public async Task A_burst_of_200_processes_are_members_and_are_gone_after_dispose()
    {
        var group = ProcessGroup.Create();
        List<ProcessIdentity> tree;
        Task<ProcessResult> run;
        try
        {
            run = StartMember(group, Helper("spawn-many", "200", "write-pid", TempPath("leader.pid"), "hang"));
            var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
            tree = [leader, .. RunningChildrenOf(leader.Pid)];
            Assert.Equal(201, tree.Count);
            AssertMembers(group, tree);
            Assert.Equal(201, group.Stats().ActiveProcesses);
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, tree);
        Assert.Equal("spawned 200\n", (await Ended(run)).StandardOutput);
    }

    [LinuxFact]
    public async Task A_hundred_members_at_once_are_all_listed_and_all_stopped()
    {
        const int Count = 100;
        var group = ProcessGroup.Create(LongGrace);
        var runs = new List<Task<ProcessResult>>();
        List<ProcessIdentity> members;
        try
        {
            for (var i = 0; i < Count; i++)
            {
                runs.Add(StartMember(group, Track(new Command("sleep", "1000"))));
            }

            await ProcessAssert.WaitUntilAsync(() => group.Members.Count == Count, $"{Count} members");
            members = [.. group.Members.Select(ProcessIdentity.Of)];
            Assert.All(members, m => Assert.True(ProcStat.HasEnvironmentEntry(m.Pid, MarkerVariable, Marker), $"{m} is not one of ours"));
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, members);
        var results = await Task.WhenAll(runs).WaitAsync(ProcessAssert.WaitLimit, Token);
        Assert.All(results, r => Assert.Equal(15, r.Signal));
    }
}
