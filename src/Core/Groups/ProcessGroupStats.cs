namespace ProcessKit;

/// <summary>Figures about a <see cref="ProcessGroup"/>. A figure the mechanism cannot measure is null, never a made-up zero.</summary>
/// <param name="ActiveProcesses">Processes alive in the group now.</param>
/// <param name="PeakProcesses">The most processes alive at once (needs the cgroup <c>pids</c> controller), or null.</param>
/// <param name="PeakMemoryBytes">The most memory used at once (needs the cgroup <c>memory</c> controller), or null.</param>
/// <param name="TotalCpuTime">CPU time used by every process that was ever in the group (cgroup v2 <c>cpu.stat</c>), or null.</param>
public sealed record ProcessGroupStats(int ActiveProcesses, int? PeakProcesses, long? PeakMemoryBytes, TimeSpan? TotalCpuTime);
