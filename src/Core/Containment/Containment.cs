namespace ProcessKit;

/// <summary>
/// The one place that knows how a child is placed in a container and how its whole tree is
/// signalled. A spawner asks it where to put the child (<see cref="UnixProcessGroupToJoin"/>),
/// tells it the child's id once spawned (<see cref="Adopt"/>), and warns it when the child has
/// exited but is not yet reaped (<see cref="NotifyLeaderExited"/>), the last moment its ids are
/// guaranteed not to be reused.
/// </summary>
internal abstract class Containment : IDisposable
{
    /// <summary>Creates the private container one one-shot command runs in, for this platform.</summary>
    internal static Containment CreatePrivate() =>
        OperatingSystem.IsWindows() ? new ProcessTreeContainment() : new ProcessGroupContainment();

    /// <summary>
    /// On Unix, the process group the child is put in atomically at spawn: 0 makes it the leader
    /// of a new group, a positive id joins that group, -1 leaves it in the spawner's group.
    /// </summary>
    internal abstract int UnixProcessGroupToJoin { get; }

    /// <summary>Records the spawned child, which leads this container.</summary>
    internal abstract void Adopt(ChildProcess child);

    /// <summary>Raised on the reaper thread once the leader has exited, before it is reaped.</summary>
    internal event Action? LeaderExited;

    /// <summary>
    /// Called by the spawner when the leader has exited and is not reaped yet: the container acts
    /// (<see cref="OnLeaderExited"/>), then observers learn of the exit at the earliest moment.
    /// </summary>
    internal void NotifyLeaderExited()
    {
        OnLeaderExited();
        LeaderExited?.Invoke();
    }

    /// <summary>
    /// The leader has exited and is not reaped yet. A private container kills what is left of the
    /// tree now: a one-shot command's descendants do not outlive it.
    /// </summary>
    protected abstract void OnLeaderExited();

    /// <summary>Sends <paramref name="signal"/> to every process of the tree that is still running.</summary>
    internal abstract void SignalTree(int signal);

    /// <summary>Kills every process of the tree at once.</summary>
    internal void KillTree() => SignalTree(SignalNames.SigKill);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the container holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
