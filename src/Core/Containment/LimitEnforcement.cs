using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// How one kind of limit would be enforced for a new group here, and where: the one answer that
/// <see cref="ProcessGroup.PredictMechanism"/> and <c>processkit doctor</c> both give. On Linux each
/// controller is taken from cgroup v2 where the parent enables it (and the mechanism is cgroup v2),
/// else from cgroup v1 (a hybrid host), else the limit is refused.
/// </summary>
/// <param name="Limit">The <see cref="ResourceLimits"/> property: MaxMemoryBytes, MaxProcesses or CpuCores.</param>
/// <param name="Controller">The cgroup controller it needs: memory, pids or cpu.</param>
/// <param name="EnforcedBy">"cgroup v2", "cgroup v1", "Job Object", or null when refused.</param>
/// <param name="Where">The directory groups are created under, or why the limit is refused.</param>
internal sealed record LimitEnforcement(string Limit, string Controller, string? EnforcedBy, string Where)
{
    internal const string CgroupV2 = "cgroup v2";
    internal const string CgroupV1 = "cgroup v1";

    private static readonly (string Limit, string Controller)[] Kinds =
        [(nameof(ResourceLimits.MaxMemoryBytes), "memory"), (nameof(ResourceLimits.MaxProcesses), "pids"), (nameof(ResourceLimits.CpuCores), "cpu")];

    /// <summary>The answer for each limit, under <paramref name="mechanism"/>; reads files, creates nothing.</summary>
    internal static IReadOnlyList<LimitEnforcement> Predict(ContainmentMechanism mechanism)
    {
        if (mechanism == ContainmentMechanism.JobObject)
        {
            return [.. Kinds.Select(k => new LimitEnforcement(k.Limit, k.Controller, "Job Object", "the group's job"))];
        }

        return OperatingSystem.IsLinux()
            ? OnLinux(mechanism, CgroupV2Environment.Discover(out _))
            : [.. Kinds.Select(k => new LimitEnforcement(k.Limit, k.Controller, null, "cgroups exist only on Linux"))];
    }

    [SupportedOSPlatform("linux")]
    internal static IReadOnlyList<LimitEnforcement> OnLinux(ContainmentMechanism mechanism, CgroupV2Environment? environment)
    {
        var v2 = mechanism == ContainmentMechanism.CgroupV2 && environment is not null ? environment.Controllers : [];
        var v1 = CgroupV1Hierarchy.All;
        return [.. Kinds.Select(k =>
            v2.Contains(k.Controller) ? new LimitEnforcement(k.Limit, k.Controller, CgroupV2, environment!.ParentDirectory)
            : !v1.TryGetValue(k.Controller, out var hierarchy) ? new LimitEnforcement(k.Limit, k.Controller, null, $"neither cgroup hierarchy has the {k.Controller} controller here")
            : hierarchy.IsWritable ? new LimitEnforcement(k.Limit, k.Controller, CgroupV1, hierarchy.ParentDirectory)
            : new LimitEnforcement(k.Limit, k.Controller, null, $"the cgroup v1 group {hierarchy.ParentDirectory} is not writable by this user"))];
    }

    /// <summary>"limits: memory, pids, cpu through cgroup v1 (a hybrid host)", grouped by how.</summary>
    internal static string Describe(IReadOnlyList<LimitEnforcement> limits) =>
        "limits: " + string.Join("; ", limits.GroupBy(l => l.EnforcedBy).Select(g =>
            $"{string.Join(", ", g.Select(l => l.Controller))} " + g.Key switch
            {
                null => "refused (ResourceLimitException)",
                CgroupV1 => "through cgroup v1 (a hybrid host)",
                _ => $"through {g.Key}",
            }));
}
