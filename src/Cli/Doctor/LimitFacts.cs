namespace ProcessKit.Cli.Doctor;

/// <summary>How one kind of resource limit would be enforced for a new group here (see <c>docs/process-groups.md</c>, "Resource limits").</summary>
/// <param name="Limit">The <see cref="ResourceLimits"/> property: MaxMemoryBytes, MaxProcesses or CpuCores.</param>
/// <param name="Controller">The cgroup controller it needs: memory, pids or cpu.</param>
/// <param name="EnforcedBy">"cgroup v2", "cgroup v1" (a hybrid host), "Job Object", or null when a group asking for it is refused.</param>
/// <param name="Where">The directory its groups are created under, or why it is refused.</param>
internal sealed record LimitFacts(string Limit, string Controller, string? EnforcedBy, string Where)
{
    /// <summary>The facts for <paramref name="mechanism"/>, as Core decides them.</summary>
    internal static IReadOnlyList<LimitFacts> Collect(ContainmentMechanism mechanism) =>
        [.. LimitEnforcement.Predict(mechanism).Select(l => new LimitFacts(l.Limit, l.Controller, l.EnforcedBy, l.Where))];
}
