namespace ProcessKit.Cli.Doctor;

/// <summary>Turns the facts of a <see cref="DoctorReport"/> into what they mean for someone running tests here.</summary>
internal static class DoctorNotes
{
    /// <summary>One sentence per consequence worth knowing; none when all is well.</summary>
    internal static IReadOnlyList<string> For(ContainmentMechanism mechanism, CgroupFacts? cgroup, PidfdFacts? pidfd, bool isPid1, EnvironmentFacts environment, IReadOnlyList<LimitFacts> limits)
    {
        var notes = new List<string>();
        if (mechanism == ContainmentMechanism.ProcessGroup && OperatingSystem.IsLinux())
        {
            notes.Add(environment.ProcesskitMechanism is not null
                ? $"{EnvironmentFacts.MechanismVariable} forces process groups: unset it to use cgroup v2 where it is available."
                : "Process groups are the fallback: a descendant that calls setsid and also clears its environment escapes teardown. "
                  + $"Give this user a writable cgroup (for example a delegated systemd scope) and name it in {CgroupFacts.ParentVariable}.");
        }

        var refused = limits.Where(l => l.EnforcedBy is null).ToList();
        if (refused.Count > 0)
        {
            notes.Add($"Resource limits needing {Controllers(refused)} are refused here (ResourceLimitException): {string.Join("; ", refused.Select(l => l.Where).Distinct())}.");
        }

        var onV1 = limits.Where(l => l.EnforcedBy == LimitEnforcement.CgroupV1).ToList();
        if (onV1.Count > 0)
        {
            var why = cgroup is { ParentExists: true } && mechanism == ContainmentMechanism.CgroupV2
                ? $"{cgroup.Parent}/cgroup.subtree_control does not enable {(onV1.Count == 1 ? "it" : "them")}, and cgroup v1 has {(onV1.Count == 1 ? "it" : "them")} (a hybrid host)"
                : "the mechanism cannot limit, and cgroup v1 can (a hybrid host)";
            notes.Add($"Resource limits needing {Controllers(onV1)} are enforced through cgroup v1: {why}. Containment itself stays with {mechanism}.");
        }

        if (cgroup is { ParentExists: true })
        {
            if (!cgroup.CgroupKill)
            {
                notes.Add("This kernel has no cgroup.kill (Linux 5.14): teardown freezes the group and kills each process instead.");
            }
        }

        if (pidfd is { Available: false })
        {
            notes.Add("Without pidfd (Linux 5.3) child exits are found by polling, which is slower.");
        }

        if (isPid1)
        {
            notes.Add("This process is PID 1: the .NET runtime reaps every child itself, so exit statuses can be lost. Run the container with an init (docker run --init).");
        }

        return notes;
    }

    private static string Controllers(IEnumerable<LimitFacts> limits) => string.Join(", ", limits.Select(l => l.Controller));
}
