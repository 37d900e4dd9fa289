using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// One member's place in a group's <see cref="V1LimitCgroups"/>: the <c>cgroup.procs</c> files its
/// child joins before its program runs, and, with a memory limit, the member's own memory group,
/// whose OOM kill count says whether the limit hit this member's tree.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class V1LimitMember(V1LimitCgroups group, CgroupDirectory? memory, IReadOnlyList<string> procsFiles) : IDisposable
{
    /// <summary>The files the child writes itself into, beside its mechanism's own.</summary>
    internal IReadOnlyList<string> ProcsFiles => procsFiles;

    /// <summary>True when the group's memory limit killed a process of this member's tree.</summary>
    internal bool HadOomKill => memory is not null && V1LimitCgroups.OomKillsIn(memory) > 0;

    /// <summary>Removes the member's memory group once empty; one with descendants left is removed with the group.</summary>
    public void Dispose()
    {
        if (memory is not null && memory.ListProcesses().Count == 0)
        {
            var kills = V1LimitCgroups.OomKillsIn(memory);
            if (memory.TryRemove())
            {
                group.RecordRemovedMember(kills);
            }
        }
    }
}
