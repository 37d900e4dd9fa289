using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// One run's place in a cgroup: its child is started in it (<see cref="CgroupToStartIn"/>) or joins
/// <see cref="CgroupProcsPaths"/> before its program runs (see <see cref="PosixSpawner"/>), and its
/// tree is signalled through the group.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CgroupMember(CgroupDirectory directory, CgroupBackend? owner) : Containment
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.CgroupV2;

    internal override IReadOnlyList<string> CgroupProcsPaths { get; } = [directory.ProcsFile];

    internal override CgroupDirectory? CgroupToStartIn => directory;

    /// <summary>The member's group counts OOM kills in its whole subtree (<c>memory.events</c>, present with the memory controller).</summary>
    internal override bool HadMemoryLimitKill => directory.ReadKey("memory.events", "oom_kill") > 0;

    /// <summary>Nothing to record: the spawn returns only once the child is in the group (started there, or see <see cref="CgroupJoinSignal"/>).</summary>
    internal override void Adopt(ChildProcess child)
    {
    }

    /// <summary>A private run's descendants do not outlive it; a shared group's members stay until the group stops.</summary>
    protected override void OnLeaderExited()
    {
        if (owner is not null)
        {
            directory.KillAll();
        }
    }

    /// <summary>Signals the group, which holds the leader from before its program's first instruction.</summary>
    internal override void SignalTree(int signal)
    {
        if (signal == SignalNames.SigKill)
        {
            directory.KillAll();
        }
        else
        {
            directory.SignalFrozen(signal);
        }
    }

    internal override Task SettleAsync() =>
        owner is null ? Task.CompletedTask : directory.WaitUntilEmptyAsync(SettleTimeout, TimeProvider.System, CancellationToken.None);

    protected override void Dispose(bool disposing)
    {
        if (owner is not null)
        {
            owner.RemoveSettled();
        }
        else if (!directory.IsPopulated)
        {
            directory.TryRemove(); // a member with descendants left is removed with its group
        }
    }
}
