using System.Diagnostics;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Limits the kernel really enforces: on cgroup v2 where the parent enables the controller, else on
/// cgroup v1 beside it (a hybrid host, like this project's machines, where every test here runs for
/// real), under both mechanisms. A test skips only where neither hierarchy has the controller.
/// </summary>
public sealed class EnforcedLimitTests : GroupTest
{
    [LinuxFact]
    public async Task A_memory_hog_over_the_limit_is_oom_killed_and_reported_so_while_a_sibling_is_unaffected()
    {
        SkipUnlessEnforced("memory");
        const long Limit = 128L << 20;
        await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: Limit) });
        var siblingRun = StartMember(group, Member(TempPath("sibling"), "hang"));
        var sibling = await ProcessAssert.WaitForPidFileAsync(TempPath("sibling"), siblingRun);

        // GNU tail keeps every byte of an endless line: it grows until the limit stops it.
        var hog = await group.OutputAsync(Track(new Command("tail", "/dev/zero")), Token);

        Assert.Equal(9, hog.Signal);
        Assert.True(hog.KilledByMemoryLimit, hog.Status);
        Assert.Contains("memory limit", hog.Status, StringComparison.Ordinal);
        Assert.True(sibling.IsRunning, "the sibling under the limit still runs");
        Assert.False(siblingRun.IsCompleted);
        var stats = group.Stats();
        Assert.True(stats.OomKills >= 1, $"OOM kills: {stats.OomKills}");
        Assert.InRange(stats.PeakMemoryBytes ?? 0, Limit / 2, Limit);

        await group.DisposeAsync();
        var siblingResult = await Ended(siblingRun);
        Assert.False(siblingResult.KilledByMemoryLimit);
        await GoneAfterTeardownAsync(group.Mechanism, [sibling]);
    }

    [LinuxFact]
    public async Task A_member_killed_by_SIGKILL_with_no_memory_pressure_is_not_reported_as_out_of_memory()
    {
        SkipUnlessEnforced("memory");
        await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: 256L << 20) });
        var run = StartMember(group, Member(TempPath("member"), "hang"));
        var member = await ProcessAssert.WaitForPidFileAsync(TempPath("member"), run);

        group.KillAll();
        var result = await Ended(run);

        Assert.Equal(9, result.Signal);
        Assert.False(result.KilledByMemoryLimit);
        Assert.DoesNotContain("memory", result.Status, StringComparison.Ordinal);
        Assert.Equal(0, group.Stats().OomKills);
        await GoneAfterTeardownAsync(group.Mechanism, [member]);
    }

    [LinuxFact]
    public async Task A_fork_bomb_bounded_by_max_processes_stops_at_the_limit_and_the_group_disposes_cleanly()
    {
        SkipUnlessEnforced("pids");
        const int Limit = 20;
        var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(maxProcesses: Limit) });
        List<ProcessIdentity> left;
        List<string> v1Groups;
        try
        {
            // Forks until the kernel refuses; the shell then fails ("Cannot fork") and its children stay.
            var bomb = await group.OutputAsync(Shell("while :; do sleep 1000 </dev/null >/dev/null 2>&1 & done"), Token);

            Assert.False(bomb.IsSuccess);
            Assert.Contains("fork", bomb.StandardError, StringComparison.OrdinalIgnoreCase);
            var members = group.Members;
            var stats = group.Stats();
            Assert.InRange(members.Count, 1, Limit - 1); // the shell, one of the limit's processes, is gone
            Assert.True(stats.FailedForks >= 1, $"failed forks: {stats.FailedForks}");
            Assert.True(stats.PeakProcesses is null or <= Limit, $"peak: {stats.PeakProcesses}");
            left = [.. members.Select(ProcessIdentity.Of)];
            v1Groups = [.. members.Select(pid => CgroupProbe.V1GroupOf(pid, "pids")).OfType<string>().Where(g => g.Contains("processkit-", StringComparison.Ordinal)).Distinct()];
        }
        finally
        {
            await group.DisposeAsync();
        }

        await GoneAfterTeardownAsync(group.Mechanism, left);
        Assert.All(v1Groups, directory => Assert.False(Directory.Exists(directory), directory));
    }

    [LinuxFact]
    public async Task A_cpu_bound_child_under_a_quota_of_a_fifth_of_a_core_gets_about_that_share()
    {
        SkipUnlessEnforced("cpu");
        await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(cpuCores: 0.2) });
        var wall = Stopwatch.StartNew();

        await group.RunAsync(Shell("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"), Token);

        wall.Stop();
        var cpu = group.Stats().TotalCpuTime;
        Assert.NotNull(cpu);
        // Kernel-accounted CPU time against measured wall time; unthrottled, a busy loop gets close
        // to 1.0. Only the ceiling is the quota's: on a loaded 2-core machine the child may get far
        // less than its fifth (0.029 in one CI run), so the floor only says the time was counted.
        var share = cpu.Value / wall.Elapsed;
        Assert.InRange(share, double.Epsilon, 0.5);
    }

    [LinuxFact]
    public async Task StartAsync_returns_only_once_the_child_is_in_every_limit_group()
    {
        string[] controllers = ["memory", "pids", "cpu"];
        Assert.SkipUnless(controllers.All(c => CgroupProbe.V1Parent(c) is not null) && !controllers.Any(EnforcedOnV2), "limits are not enforced through cgroup v1 here");
        await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: 256L << 20, maxProcesses: 64, cpuCores: 1) });
        for (var cycle = 0; cycle < 20; cycle++)
        {
            await using var process = await group.StartAsync(Track(new Command("sleep", "30")).WithStandardOutput(OutputTarget.Discard), Token);

            foreach (var controller in controllers)
            {
                var own = CgroupProbe.V1GroupOf(process.Id, controller);
                Assert.True(own?.Contains(CgroupProbe.OurPrefix, StringComparison.Ordinal), $"{controller}: {own}");
            }

            process.Kill();
        }
    }

    [LinuxFact]
    public async Task The_reason_says_which_limits_are_enforced_and_how()
    {
        SkipUnlessEnforced("memory");
        await using var group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: 256L << 20) });

        Assert.Contains("memory", group.MechanismReason, StringComparison.Ordinal);
        Assert.Contains("limits: ", ProcessGroup.PredictMechanism().Reason, StringComparison.Ordinal);
        if (!EnforcedOnV2("memory"))
        {
            Assert.Contains("cgroup v1", group.MechanismReason, StringComparison.Ordinal);
            Assert.Matches("memory[a-z, ]* through cgroup v1", ProcessGroup.PredictMechanism().Reason);
        }
    }

    /// <summary>True when the v2 parent gives our groups <paramref name="controller"/>.</summary>
    internal static bool EnforcedOnV2(string controller) =>
        ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2 && CgroupProbe.ParentControllers().Contains(controller);

    /// <summary>True when a limit needing <paramref name="controller"/> is enforced here, on v2 or on v1.</summary>
    internal static bool Enforced(string controller) => EnforcedOnV2(controller) || CgroupProbe.V1Parent(controller) is not null;

    private static void SkipUnlessEnforced(string controller) =>
        Assert.SkipUnless(Enforced(controller), $"neither cgroup hierarchy has the {controller} controller here");
}
