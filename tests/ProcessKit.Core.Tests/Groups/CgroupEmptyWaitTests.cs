using System.Runtime.Versioning;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// A wait for a cgroup to empty is woken by the kernel's change notice on cgroup.events (an
/// inotify watch in the epoll loop), not by a poll: on a clock that never moves, a poll would
/// never look again, yet the wait ends as soon as the group is emptied.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CgroupEmptyWaitTests : GroupTest
{
    [LinuxFact]
    public async Task A_wait_for_an_emptied_cgroup_is_woken_by_the_kernel_not_by_a_clock()
    {
        Assert.SkipUnless(ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2, "cgroup v2 only");
        Assert.SkipWhen(EpollLoop.Shared is null, "the watch lives in the epoll loop; the portable I/O path (PROCESSKIT_IO=portable) polls");
        await using var group = ProcessGroup.Create();
        var member = await group.StartAsync(Track(new Command("sleep", "1000")), Token);
        var directory = new CgroupDirectory(CgroupProbe.GroupDirectoryOf(member.Id)!);

        var wait = directory.WaitUntilEmptyAsync(TimeSpan.FromMinutes(5), new FakeTimeProvider(), Token);
        Assert.False(wait.IsCompleted);
        directory.KillAll();

        Assert.True(await wait.WaitAsync(ProcessAssert.WaitLimit, Token));
        await member.DisposeAsync();
    }
}
