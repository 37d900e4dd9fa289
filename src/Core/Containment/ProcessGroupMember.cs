using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One run in a <see cref="ProcessGroupBackend"/>: the child leads a new process group
/// (<c>POSIX_SPAWN_SETPGROUP</c>, race-free) and carries this member's own marker, so the
/// member's tree (setsid escapees included, on Linux) can be signalled without touching others.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupMember(ProcessGroupBackend backend, string token, bool isPrivate) : Containment
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private int _groupId;
    private bool _leaderReaped;
    private Task _sweep = Task.CompletedTask;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

    internal override int UnixProcessGroupToJoin => 0;

    internal override KeyValuePair<string, string>? Marker => new(ProcessGroupBackend.MarkerVariable, token);

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
            _sweep = Task.Run(() =>
            {
                backend.SignalMarked(Needle, prefix: false, SignalNames.SigKill, except: new HashSet<int>());
                backend.WaitForSignalled(SettleTimeout);
            });
        }
    }

    internal override Task SettleAsync() => _sweep;

    /// <summary>The member's tree: its process group, and (Linux) every process carrying its marker.</summary>
    internal override void SignalTree(int signal)
    {
        SignalOwnGroup(signal);
        backend.SignalMarked(Needle, prefix: false, signal, except: new HashSet<int> { LiveGroupId });
    }

    /// <summary>Signals the member's process group while its id is still ours.</summary>
    internal void SignalOwnGroup(int signal)
    {
        lock (_gate)
        {
            if (_groupId > 0 && !_leaderReaped)
            {
                _ = Libc.killpg(_groupId, signal);
            }
        }
    }

    protected override void Dispose(bool disposing) => backend.Forget(this);

    private string Needle => ProcessGroupBackend.MarkerVariable + "=" + token;
}
