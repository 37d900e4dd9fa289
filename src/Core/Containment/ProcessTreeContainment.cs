using System.Diagnostics;

namespace ProcessKit;

/// <summary>
/// Windows, until the Job Object backend lands: the tree is found by walking parent ids
/// (<see cref="Process.Kill(bool)"/>), which misses processes whose parent already exited.
/// There are no POSIX signals: every signal is a kill.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class ProcessTreeContainment(ProcessTreeBackend backend, bool isPrivate) : Containment
{
    private readonly Lock _gate = new();
    private Process? _leader;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessTree;

    internal bool HasExited
    {
        get
        {
            lock (_gate)
            {
                return _leader is null || _leader.HasExited;
            }
        }
    }

    internal int Id
    {
        get
        {
            lock (_gate)
            {
                return _leader?.Id ?? 0;
            }
        }
    }

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _leader = ((WindowsChildProcess)child).Process;
        }
    }

    protected override void OnLeaderExited()
    {
        if (isPrivate)
        {
            KillTree();
        }
    }

    protected override void Dispose(bool disposing) => backend.Forget(this);

    internal override void SignalTree(int signal)
    {
        lock (_gate)
        {
            try
            {
                _leader?.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }
    }
}
