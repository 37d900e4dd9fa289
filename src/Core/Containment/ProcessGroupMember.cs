using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One run in a <see cref="ProcessGroupBackend"/>: the child leads a new process group
/// (<c>POSIX_SPAWN_SETPGROUP</c>, race-free) and carries the container's marker.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupMember(ProcessGroupBackend backend, bool isPrivate) : Containment
{
    private readonly Lock _gate = new();
    private int _groupId;
    private bool _leaderReaped;
    private Task _sweep = Task.CompletedTask;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

    internal override int UnixProcessGroupToJoin => 0;

    internal override KeyValuePair<string, string>? Marker => backend.Marker;

    /// <summary>The member's process group while its leader is unreaped (so the id is still ours), else 0.</summary>
    internal int LiveGroupId
    {
        get
        {
            lock (_gate)
            {
                return _leaderReaped ? 0 : _groupId;
            }
        }
    }

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _groupId = child.Id;
        }
    }

    protected override void OnLeaderExited()
    {
        // Act while the leader is still a zombie: until it is reaped its pid, and so the group id,
        // cannot be reused by an unrelated process.
        lock (_gate)
        {
            if (isPrivate && _groupId > 0 && !_leaderReaped)
            {
                _ = Libc.killpg(_groupId, SignalNames.SigKill);
            }

            _leaderReaped = true;
        }

        if (isPrivate)
        {
            // A private run's descendants do not outlive it, even those that left the process group
            // (and may hold its pipes). The /proc sweep runs off the I/O thread; the run awaits it.
            _sweep = Task.Run(backend.KillStragglers);
        }
    }

    internal override void SignalTree(int signal)
    {
        lock (_gate)
        {
            if (_groupId > 0 && !_leaderReaped)
            {
                _ = Libc.killpg(_groupId, signal);
            }
        }
    }

    internal override Task SettleAsync() => _sweep;

    protected override void Dispose(bool disposing) => backend.Forget(this);
}
