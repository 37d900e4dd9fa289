using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// A POSIX process group: the child becomes the leader of a new group at spawn
/// (<c>POSIX_SPAWN_SETPGROUP</c>, race-free) and the tree is signalled with <c>killpg</c>.
/// A descendant that calls <c>setsid</c> or <c>setpgid</c> leaves the group and is out of reach.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupContainment : Containment
{
    private readonly Lock _gate = new();
    private int _groupId;
    private bool _leaderReaped;

    internal override int UnixProcessGroupToJoin => 0;

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _groupId = child.Id;
        }
    }

    protected override void OnLeaderExited()
    {
        // Kill the rest while the leader is still a zombie: until it is reaped its pid, and so
        // the group id, cannot be reused by an unrelated process.
        lock (_gate)
        {
            if (_groupId > 0 && !_leaderReaped)
            {
                _ = Libc.killpg(_groupId, SignalNames.SigKill);
            }

            _leaderReaped = true;
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
}
