using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One run in a <see cref="ProcessGroupBackend"/>: the child leads a new process group
/// (<c>POSIX_SPAWN_SETPGROUP</c>, race-free) and carries this member's own marker, so the
/// member's tree (setsid escapees included, on Linux) can be signalled without touching others.
/// </summary>
/// <remarks>
/// The group id is the leader's pid, which the kernel may hand to an unrelated process once the
/// group is empty. While the leader is unreaped the id is ours. After that, on Linux 6.9+, a pidfd
/// of the leader (opened at the spawn) still names the original group, whatever number the kernel
/// reuses: the group is signalled through it (<c>PIDFD_SIGNAL_PROCESS_GROUP</c>) for as long as
/// any process is left in it, so a descendant that stayed in the group but cleared its environment
/// is not lost when the leader exits. Older kernels and macOS forget the group at the reap.
/// </remarks>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupMember(ProcessGroupBackend backend, string token, bool isPrivate) : Containment
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private int _groupId;
    private int _pidfd = -1;
    private bool _leaderReaped;
    private bool _disposed;
    private Task _sweep = Task.CompletedTask;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

    internal override int UnixProcessGroupToJoin => 0;

    internal override KeyValuePair<string, string>? Marker => new(ProcessGroupBackend.MarkerVariable, token);

    /// <summary>The member's process group while it is still ours and holds a process, else 0.</summary>
    internal int LiveGroupId
    {
        get
        {
            lock (_gate)
            {
                return !_leaderReaped ? _groupId
                    : _pidfd >= 0 && LinuxNative.PidfdSendSignalToGroup(_pidfd, 0) == 0 ? _groupId
                    : 0;
            }
        }
    }

    /// <summary>True once the member was disposed and nothing is left in its process group: the backend can let it go.</summary>
    internal bool IsFinished
    {
        get
        {
            bool disposed;
            lock (_gate)
            {
                disposed = _disposed;
            }

            return disposed && LiveGroupId == 0;
        }
    }

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _groupId = child.Id;

            // The child is unreaped, so its pid is still its own: the pidfd names this group.
            _pidfd = OperatingSystem.IsLinux() ? LinuxNative.PidfdOpen(child.Id) : -1;
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

    /// <summary>Signals the member's process group while it is still ours (see the remarks).</summary>
    internal void SignalOwnGroup(int signal)
    {
        lock (_gate)
        {
            if (_groupId > 0 && !_leaderReaped)
            {
                _ = Libc.killpg(_groupId, signal);
            }
            else if (_pidfd >= 0)
            {
                _ = LinuxNative.PidfdSendSignalToGroup(_pidfd, signal);
            }
        }
    }

    /// <summary>Closes the pidfd; the group is no longer reachable through this member.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            if (_pidfd >= 0)
            {
                _ = Libc.close(_pidfd);
                _pidfd = -1;
            }
        }
    }

    /// <summary>
    /// The run is over, but a shared group's member stays known to the backend while processes are
    /// left in its process group: they belong to the group until it stops.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            _disposed = true;
        }

        if (isPrivate || LiveGroupId == 0)
        {
            Release();
            backend.Forget(this);
        }
    }

    private string Needle => ProcessGroupBackend.MarkerVariable + "=" + token;
}
