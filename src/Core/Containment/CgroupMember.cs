using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One run's place in a cgroup: its child joins <see cref="CgroupProcsPath"/> before its program
/// runs (see <see cref="PosixSpawner"/>), and its tree is signalled through the group.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CgroupMember(CgroupDirectory directory, CgroupBackend? owner) : Containment
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private int _leader;
    private bool _leaderReaped;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.CgroupV2;

    internal override string? CgroupProcsPath => directory.ProcsFile;

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _leader = child.Id;
        }
    }

    /// <summary>A private run's descendants do not outlive it; a shared group's members stay until the group stops.</summary>
    protected override void OnLeaderExited()
    {
        lock (_gate)
        {
            _leaderReaped = true;
        }

        if (owner is not null)
        {
            directory.KillAll();
        }
    }

    /// <summary>
    /// Signals the group and, while it is unreaped, the leader by pid: right after the spawn the
    /// leader may still be the join shim, not yet in the group, and a group-wide signal alone
    /// would miss it (it would then join and run on). Until it is reaped its pid cannot be reused.
    /// </summary>
    internal override void SignalTree(int signal)
    {
        lock (_gate)
        {
            if (_leader > 0 && !_leaderReaped)
            {
                _ = Libc.kill(_leader, signal);
            }
        }

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
