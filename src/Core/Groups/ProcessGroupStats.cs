namespace ProcessKit;

/// <summary>Figures about a <see cref="ProcessGroup"/>. A figure the mechanism cannot measure is null, never a made-up zero.</summary>
/// <param name="ActiveProcesses">Processes alive in the group now.</param>
/// <param name="PeakProcesses">The most processes alive at once (needs the cgroup <c>pids</c> controller, v2 or v1), or null.</param>
/// <param name="PeakMemoryBytes">The most memory used at once (needs the cgroup <c>memory</c> controller, v2 or v1; a Job Object's peak committed memory), or null.</param>
/// <param name="TotalCpuTime">
/// CPU time used by every process that was ever in the group (cgroup v2 <c>cpu.stat</c>; with a CPU
/// quota enforced through cgroup v1, <c>cpuacct.usage</c>), or null.
/// </param>
/// <remarks>
/// Where a group has limits, each figure of a limit comes from the hierarchy that enforces it:
/// cgroup v2, or cgroup v1 on a hybrid host (see <see cref="ProcessGroup.MechanismReason"/>).
/// </remarks>
public sealed record ProcessGroupStats(int ActiveProcesses, int? PeakProcesses, long? PeakMemoryBytes, TimeSpan? TotalCpuTime)
{
    /// <summary>
    /// Processes the kernel killed because the group's memory limit was reached (cgroup v2
    /// <c>memory.events</c> or v1 <c>memory.oom_control</c> "oom_kill"); null without a memory
    /// limit on a cgroup. The member whose process it was says so too
    /// (<see cref="ProcessOutcome.KilledByMemoryLimit"/>).
    /// </summary>
    public int? OomKills { get; init; }

    /// <summary>Forks the kernel refused because the group's process limit was reached (<c>pids.events</c> "max"); null without a process limit on a cgroup.</summary>
    public int? FailedForks { get; init; }
}
