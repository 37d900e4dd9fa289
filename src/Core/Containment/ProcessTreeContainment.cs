using System.Diagnostics;

namespace ProcessKit;

/// <summary>
/// Windows, until the Job Object backend lands: the tree is found by walking parent ids
/// (<see cref="Process.Kill(bool)"/>), which misses processes whose parent already exited.
/// There are no POSIX signals: every signal is a kill.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class ProcessTreeContainment : Containment
{
    private readonly Lock _gate = new();
    private Process? _leader;

    internal override int UnixProcessGroupToJoin => -1;

    internal override void Adopt(ChildProcess child)
    {
        lock (_gate)
        {
            _leader = ((WindowsChildProcess)child).Process;
        }
    }

    protected override void OnLeaderExited() => KillTree();

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
