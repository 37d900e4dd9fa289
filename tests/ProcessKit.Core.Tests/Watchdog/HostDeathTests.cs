using System.Diagnostics;
using System.Globalization;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Watchdog;

/// <summary>
/// Nothing outlives its host, even a host killed with SIGKILL: the watchdog notices the host is
/// gone and kills every container it left. Runs under both Linux backends (CI sets
/// PROCESSKIT_MECHANISM=process-group for the second run; the host inherits it).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostDeathTests
{
    /// <summary>With limits, on a hybrid host the group also has cgroup v1 groups: they go too.</summary>
    [LinuxTheory]
    [InlineData("group-tree")]
    [InlineData("limited-group-tree")]
    public async Task A_host_killed_with_SIGKILL_leaves_no_process_and_no_cgroup(string tree)
    {
        Assert.SkipWhen(tree == "limited-group-tree" && !new[] { "memory", "pids", "cpu" }.All(Groups.EnforcedLimitTests.Enforced), "limits are not enforced here");
        var directory = Directory.CreateTempSubdirectory("pk-host-").FullName;
        // Started with Process, not ProcessKit: inside one of our containers the host's tree would
        // be killed by that container, and the test would prove nothing about the watchdog.
        using var host = Process.Start(new ProcessStartInfo(TestHelperProgram.Path, [tree, directory, "hang"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var ready = await host.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("group ready", ready, StringComparison.Ordinal);
            var grandchild = await ProcessAssert.WaitForPidFileAsync(Path.Combine(directory, "grandchild"));
            var daemon = await ProcessAssert.WaitForPidFileAsync(Path.Combine(directory, "daemon"));
            Assert.True(grandchild.IsRunning && daemon.IsRunning, "the host's tree runs before the host dies");
            var hostCgroups = CgroupsOf(host.Id);
            if (ready!.EndsWith("CgroupV2", StringComparison.Ordinal))
            {
                Assert.NotEmpty(hostCgroups);
            }

            var limitedOnV1 = tree == "limited-group-tree" && !Groups.EnforcedLimitTests.EnforcedOnV2("memory");
            if (limitedOnV1)
            {
                Assert.NotEmpty(Groups.CgroupProbe.OurV1GroupDirectories(host.Id));
            }

            host.Kill(); // SIGKILL: the host runs no cleanup of its own
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);

            await ProcessAssert.GoneSoonAsync(grandchild);
            await ProcessAssert.GoneSoonAsync(daemon);
            await ProcessAssert.WaitUntilAsync(() => CgroupsOf(host.Id).Count == 0, "the dead host's cgroups to be removed");
            await ProcessAssert.WaitUntilAsync(() => Groups.CgroupProbe.OurV1GroupDirectories(host.Id).Count == 0, "the dead host's cgroup v1 groups to be removed");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public async Task At_startup_cgroups_of_dead_hosts_are_killed_and_removed()
    {
        var parent = CgroupParent();
        Assert.SkipWhen(parent is null || ProcessGroup.PredictMechanism().Mechanism != ContainmentMechanism.CgroupV2, "needs cgroup v2");
        var deadHost = UnusedPid();
        var stale = Path.Combine(parent!, $"processkit-{deadHost}-1");
        Directory.CreateDirectory(stale);
        // A process left in the stale group, as if both the host and its watchdog had been killed.
        using var orphan = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"echo $$ > '{stale}/cgroup.procs' && exec '{TestHelperProgram.Path}' hang"]))!;
        await ProcessAssert.WaitUntilAsync(() => File.ReadAllText(Path.Combine(stale, "cgroup.procs")).Trim().Length > 0, "the orphan to join the stale group");
        var identity = ProcessIdentity.Of(orphan.Id);

        var swept = ProcessKit.Watchdog.SweepDeadHosts(parent);

        Assert.Equal(1, swept);
        Assert.False(Directory.Exists(stale));
        await orphan.WaitForExitAsync(TestContext.Current.CancellationToken);
        ProcessAssert.Gone(identity);
    }

    [LinuxFact]
    public async Task At_startup_cgroup_v1_groups_of_dead_hosts_are_killed_and_removed()
    {
        var parent = Groups.CgroupProbe.V1Parent("pids");
        Assert.SkipWhen(parent is null, "needs a cgroup v1 pids hierarchy");
        var stale = Path.Combine(parent!, $"processkit-{UnusedPid()}-1");
        Directory.CreateDirectory(stale);
        using var orphan = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"echo $$ > '{stale}/cgroup.procs' && exec '{TestHelperProgram.Path}' hang"]))!;
        await ProcessAssert.WaitUntilAsync(() => File.ReadAllText(Path.Combine(stale, "cgroup.procs")).Trim().Length > 0, "the orphan to join the stale group");
        var identity = ProcessIdentity.Of(orphan.Id);

        var swept = ProcessKit.Watchdog.SweepDeadHosts(parent);

        Assert.Equal(1, swept);
        Assert.False(Directory.Exists(stale));
        await orphan.WaitForExitAsync(TestContext.Current.CancellationToken);
        ProcessAssert.Gone(identity);
    }

    [LinuxFact]
    public void Cgroups_of_a_living_host_are_left_alone()
    {
        var parent = CgroupParent();
        Assert.SkipWhen(parent is null || ProcessGroup.PredictMechanism().Mechanism != ContainmentMechanism.CgroupV2, "needs cgroup v2");
        using var group = ProcessGroup.Create();

        ProcessKit.Watchdog.SweepDeadHosts(parent);

        Assert.NotEmpty(CgroupsOf(Environment.ProcessId));
    }

    private static string? CgroupParent() => CgroupV2Environment.Discover(out _)?.ParentDirectory;

    private static List<string> CgroupsOf(int hostPid) =>
        CgroupParent() is { } parent && Directory.Exists(parent)
            ? [.. Directory.EnumerateDirectories(parent, string.Create(CultureInfo.InvariantCulture, $"processkit-{hostPid}-*"))]
            : [];

    private static int UnusedPid()
    {
        for (var pid = 4_000_000; ; pid++)
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                return pid;
            }
        }
    }
}
