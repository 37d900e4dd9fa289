using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// A member of a group whose limits are enforced through cgroup v1: the mechanism's own member
/// does everything a member does, and the child also joins the v1 groups (see
/// <see cref="V1LimitCgroups"/>) in the same shim, before its program runs.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class V1LimitedContainment(Containment inner, V1LimitMember limits) : Containment
{
    internal override ContainmentMechanism Mechanism => inner.Mechanism;

    internal override int UnixProcessGroupToJoin => inner.UnixProcessGroupToJoin;

    internal override IReadOnlyList<string> CgroupProcsPaths => [.. inner.CgroupProcsPaths, .. limits.ProcsFiles];

    internal override KeyValuePair<string, string>? Marker => inner.Marker;

    internal override bool HadMemoryLimitKill => limits.HadOomKill;

    internal override void Adopt(ChildProcess child) => inner.Adopt(child);

    protected override void OnLeaderExited() => inner.NotifyLeaderExited();

    internal override Task SettleAsync() => inner.SettleAsync();

    internal override void SignalTree(int signal) => inner.SignalTree(signal);

    protected override void Dispose(bool disposing)
    {
        inner.Dispose();
        limits.Dispose();
    }
}
