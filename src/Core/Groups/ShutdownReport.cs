namespace ProcessKit;

/// <summary>What a <see cref="ProcessGroup.StopAsync"/> found and did.</summary>
/// <param name="MembersBefore">The live processes when the stop began.</param>
/// <param name="MembersAfter">The processes still alive when it ended (empty unless it did not escalate).</param>
/// <param name="DrainedWithinGrace">True when every process ended within the grace after SIGTERM.</param>
/// <param name="Escalated">True when SIGKILL was needed for what was left.</param>
/// <param name="FoundByMarker">
/// Processes reached only through the environment marker (they had left the process group); always
/// 0 on cgroup v2, which needs no marker.
/// </param>
/// <param name="Elapsed">How long the stop took.</param>
public sealed record ShutdownReport(
    IReadOnlyList<int> MembersBefore,
    IReadOnlyList<int> MembersAfter,
    bool DrainedWithinGrace,
    bool Escalated,
    int FoundByMarker,
    TimeSpan Elapsed);
