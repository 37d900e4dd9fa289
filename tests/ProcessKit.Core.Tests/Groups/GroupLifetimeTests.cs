using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Disposal: sync or async, idempotent, it ends the runs of members still running, and every
/// verb afterwards throws <see cref="ObjectDisposedException"/>. A member's own timeout stops
/// only that member's tree.
/// </summary>
public sealed class GroupLifetimeTests : GroupTest
{
    [LinuxFact]
    public async Task Dispose_and_DisposeAsync_are_idempotent_in_any_order()
    {
        var group = ProcessGroup.Create(LongGrace);
        var run = StartMember(group, Member(TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);

        group.Dispose();
        await GoneAfterTeardownAsync(group.Mechanism, [leader]);
        group.Dispose();
        await group.DisposeAsync();
        await group.DisposeAsync();
        group.Dispose();

        Assert.True(EndedBySigterm(await Ended(run)));
    }

    [LinuxFact]
    public async Task DisposeAsync_twice_at_the_same_time_stops_everything_once()
    {
        var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "grandchild", TempPath("grandchild.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        await Task.WhenAll(group.DisposeAsync().AsTask(), Task.Run(group.Dispose, Token));

        // Whichever call came second returned at once; the first one's teardown ends the tree.
        await AllGoneSoonAsync([leader, grandchild]);
        await Ended(run);
    }

    [LinuxFact]
    public async Task A_forgotten_group_is_killed_by_its_finalizer()
    {
        var (daemon, cgroup) = await ForgetGroupWithDaemonAsync();
        try
        {
            await ReapAnotherChildAsync();

            await ProcessAssert.WaitUntilAsync(() => CollectGarbage() && !daemon.IsRunning, $"the finalizer to kill {daemon}");
        }
        finally
        {
            daemon.KillIfRunning();
            await RemoveLeftoverCgroupAsync(cgroup);
        }
    }

    [LinuxFact]
    public async Task A_forgotten_groups_finalizer_removes_its_cgroup()
    {
        var (daemon, cgroup) = await ForgetGroupWithDaemonAsync();
        try
        {
            Assert.SkipWhen(cgroup is null, "the group is not a cgroup");
            await ReapAnotherChildAsync();

            await ProcessAssert.WaitUntilAsync(() => CollectGarbage() && !Directory.Exists(cgroup), $"the finalizer to remove {cgroup}");
        }
        finally
        {
            daemon.KillIfRunning();
            await RemoveLeftoverCgroupAsync(cgroup);
        }
    }

    [LinuxFact]
    public async Task Every_verb_after_dispose_throws_ObjectDisposedException()
    {
        var group = ProcessGroup.Create();
        await group.DisposeAsync();
        var command = Helper("out", "never");

        Assert.Throws<ObjectDisposedException>(() => group.Members);
        Assert.Throws<ObjectDisposedException>(() => group.Signal(15));
        Assert.Throws<ObjectDisposedException>(group.Suspend);
        Assert.Throws<ObjectDisposedException>(group.Resume);
        Assert.Throws<ObjectDisposedException>(group.KillAll);
        Assert.Throws<ObjectDisposedException>(group.Stats);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.StopAsync(cancellationToken: Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.RunAsync(command, Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.OutputAsync(command, Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.OutputBytesAsync(command, Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.ExitCodeAsync(command, Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.ProbeAsync(command, Token));
        Assert.Throws<ObjectDisposedException>(() => group.Run(command, Token));
        Assert.Throws<ObjectDisposedException>(() => group.Output(command, Token));
        Assert.Throws<ObjectDisposedException>(() => group.OutputBytes(command, Token));
        Assert.Throws<ObjectDisposedException>(() => group.ExitCode(command, Token));
        Assert.Throws<ObjectDisposedException>(() => group.Probe(command, Token));

        // What describes the group, rather than acting on it, still answers.
        Assert.NotEmpty(group.MechanismReason);
    }

    [LinuxFact]
    public async Task The_verbs_run_a_command_as_a_member_and_return_its_result()
    {
        await using var group = ProcessGroup.Create();

        Assert.Equal("hello", await group.RunAsync(Helper("out", "hello"), Token));
        Assert.Equal("hello", group.Run(Helper("out", "hello"), Token));
        Assert.Equal(3, await group.ExitCodeAsync(Helper("exit", "3"), Token));
        Assert.Equal(3, group.ExitCode(Helper("exit", "3"), Token));
        Assert.False(await group.ProbeAsync(Helper("exit", "1"), Token));
        Assert.True(group.Probe(Helper("exit", "0"), Token));
        Assert.Equal("err\n", (await group.OutputAsync(Helper("err", "err"), Token)).StandardError);
        Assert.Equal("x\n"u8.ToArray(), (await group.OutputBytesAsync(Helper("out", "x"), Token)).StandardOutput.ToArray());
        Assert.Empty(group.Members);
    }

    [LinuxFact]
    public async Task A_long_lived_group_does_not_accumulate_finished_members()
    {
        await using var group = ProcessGroup.Create();
        var run = StartMember(group, Member(TempPath("leader.pid"), "hang"));
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(0, await group.ExitCodeAsync(Track(new Command("/bin/true")), Token));
        }

        Assert.Equal([leader.Pid], group.Members);
        if (CgroupProbe.GroupDirectoryOf(leader.Pid) is { } cgroup)
        {
            // One member directory is left: the running member's.
            Assert.Single(Directory.GetDirectories(cgroup));
        }

        group.KillAll();
        await Ended(run);
    }

    [LinuxFact]
    public async Task A_members_timeout_kills_only_that_members_tree()
    {
        await using var group = ProcessGroup.Create();
        var clock = new FakeTimeProvider();
        var timed = group.OutputAsync(
            Member(TempPath("timed.pid"), "grandchild", TempPath("timed-grandchild.pid"), "hang").WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock),
            Token);
        var other = StartMember(group, Member(TempPath("other.pid"), "grandchild", TempPath("other-grandchild.pid"), "hang"));
        var timedTree = new[]
        {
            await ProcessAssert.WaitForPidFileAsync(TempPath("timed.pid"), timed),
            await ProcessAssert.WaitForPidFileAsync(TempPath("timed-grandchild.pid"), timed),
        };
        var otherTree = new[]
        {
            await ProcessAssert.WaitForPidFileAsync(TempPath("other.pid"), other),
            await ProcessAssert.WaitForPidFileAsync(TempPath("other-grandchild.pid"), other),
        };
        AssertMembers(group, [.. timedTree, .. otherTree]);

        clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Ended(timed);
        Assert.True(result.TimedOut);
        await AllGoneSoonAsync(timedTree);
        Assert.All(otherTree, p => Assert.True(p.IsRunning, $"{p} of the other member should still run"));
        Assert.False(other.IsCompleted);
        AssertMembers(group, otherTree);

        await group.StopAsync(cancellationToken: Token);
        await GoneAfterTeardownAsync(group.Mechanism, otherTree);
        await Ended(other);
    }

    [LinuxFact]
    public async Task A_members_timeout_kills_a_descendant_of_it_that_left_with_setsid()
    {
        const string Script = "\"$0\" setsid write-pid \"$1\" hang </dev/null >/dev/null 2>&1 & exec \"$0\" write-pid \"$2\" hang";
        await using var group = ProcessGroup.Create();
        var clock = new FakeTimeProvider();
        var run = group.OutputAsync(Shell(Script, TempPath("escapee.pid"), TempPath("leader.pid")).WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock), Token);
        var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);
        var escapee = await ProcessAssert.WaitForPidFileAsync(TempPath("escapee.pid"), run);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await Ended(run)).TimedOut);
        await AllGoneSoonAsync([leader, escapee]);
    }

    [LinuxFact]
    public async Task Cancelling_a_members_run_kills_only_that_members_tree()
    {
        await using var group = ProcessGroup.Create();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var cancelled = group.OutputAsync(Member(TempPath("cancelled.pid"), "grandchild", TempPath("cancelled-grandchild.pid"), "hang"), cancellation.Token);
        var other = StartMember(group, Member(TempPath("other.pid"), "hang"));
        var cancelledTree = new[]
        {
            await ProcessAssert.WaitForPidFileAsync(TempPath("cancelled.pid"), cancelled),
            await ProcessAssert.WaitForPidFileAsync(TempPath("cancelled-grandchild.pid"), cancelled),
        };
        var otherLeader = await ProcessAssert.WaitForPidFileAsync(TempPath("other.pid"), other);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ended(cancelled));
        await AllGoneSoonAsync(cancelledTree);
        Assert.True(otherLeader.IsRunning);
        AssertMembers(group, [otherLeader]);
        group.KillAll();
        await Ended(other);
    }

    /// <summary>Creates a group in a frame of its own, leaves a daemon in it, and drops every reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<(ProcessIdentity Daemon, string? Cgroup)> ForgetGroupWithDaemonAsync()
    {
        var group = ProcessGroup.Create();
        await group.RunAsync(Helper("daemon", TempPath("daemon.pid")), Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(TempPath("daemon.pid"));
        return (daemon, CgroupProbe.GroupDirectoryOf(daemon.Pid));
    }

    /// <summary>
    /// The engine's I/O loop keeps the child it reaped last reachable until its next event (the
    /// exit callback leads to the run, its command and so its group): reap one more.
    /// </summary>
    private Task<string> ReapAnotherChildAsync() => Helper("exit", "0").RunAsync(Token);

    private static bool CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return true;
    }

    /// <summary>
    /// Removes a cgroup directory the code under test left (member directories first), once nothing
    /// runs in it. The finalizer's own queued teardown may be removing it at the same moment.
    /// </summary>
    private static async Task RemoveLeftoverCgroupAsync(string? cgroup)
    {
        if (cgroup is null || !Directory.Exists(cgroup))
        {
            return;
        }

        await ProcessAssert.WaitUntilAsync(() => CgroupProbe.ReadKey(cgroup, "cgroup.events", "populated") is null or 0, $"{cgroup} to be empty");
        try
        {
            foreach (var member in Directory.GetDirectories(cgroup))
            {
                Directory.Delete(member);
            }

            Directory.Delete(cgroup);
        }
        catch (DirectoryNotFoundException)
        {
            // The finalizer's queued teardown removed it meanwhile: what this safety net is for.
        }
    }
}
