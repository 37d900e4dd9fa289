using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Limited groups leave no cgroup behind, on either hierarchy. They count every cgroup directory of
/// this process, so they run alone (<see cref="RunAlone"/>).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class EnforcedLimitCleanupTests : GroupTest
{
    private const int Cycles = 200;

    [LinuxFact]
    public async Task Create_limit_spawn_dispose_cycles_leave_no_cgroup_on_either_hierarchy()
    {
        Assert.SkipUnless(new[] { "memory", "pids", "cpu" }.All(EnforcedLimitTests.Enforced), "limits are not enforced here");
        var limits = new ResourceLimits(maxMemoryBytes: 256L << 20, maxProcesses: 64, cpuCores: 1);
        var sawV1 = false;

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = limits });
            var running = StartMember(group, Member(TempPath($"pid{cycle}"), "hang"));
            await ProcessAssert.WaitForPidFileAsync(TempPath($"pid{cycle}"), running);
            sawV1 |= CgroupProbe.OurV1GroupDirectories().Count > 0;
        }

        Assert.Empty(CgroupProbe.OurGroupDirectories());
        Assert.Empty(CgroupProbe.OurV1GroupDirectories());
        Assert.Equal(!EnforcedLimitTests.EnforcedOnV2("memory"), sawV1);
    }

    [LinuxFact]
    public void A_limit_the_kernel_refuses_is_refused_with_its_reason_and_leaves_nothing()
    {
        Assert.SkipUnless(EnforcedLimitTests.Enforced("cpu"), "CPU quotas are not enforced here");
        // A thousandth of a core is a quota of 100 µs per 100 ms period; the kernel's least is 1 ms.
        var limits = new ResourceLimits(maxMemoryBytes: 256L << 20, cpuCores: 0.001);

        var e = Assert.Throws<ResourceLimitException>(() => ProcessGroup.Create(new ProcessGroupOptions { Limits = limits }));

        Assert.Same(limits, e.Limits);
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));
        Assert.Empty(CgroupProbe.OurGroupDirectories());
        Assert.Empty(CgroupProbe.OurV1GroupDirectories());
    }
}
