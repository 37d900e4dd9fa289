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
    /// <summary>Creates the private container one one-shot command runs in, with the best mechanism here.</summary>
    internal static Containment CreatePrivate() => MechanismSelector.CreateBackend(limits: null).CreatePrivateMember();

    internal abstract ContainmentMechanism Mechanism { get; }

    /// <summary>
    /// On Unix, the process group the child is put in atomically at spawn: 0 makes it the leader
    /// of a new group, a positive id joins that group, -1 leaves it in the spawner's group.
    /// </summary>
    internal virtual int UnixProcessGroupToJoin => -1;

    /// <summary>
    /// On Linux, the <c>cgroup.procs</c> files the child writes itself into, in this order, before
    /// its program runs: its cgroup v2 group, then any cgroup v1 groups that enforce its limits.
    /// </summary>
    internal virtual IReadOnlyList<string> CgroupProcsPaths => [];

    /// <summary>
    /// On Linux, the cgroup v2 group the child can be started in directly (<c>CLONE_INTO_CGROUP</c>,
    /// see <see cref="CgroupSpawnLibrary"/>), or null: when it is the only group the child joins.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal virtual CgroupDirectory? CgroupToStartIn => null;

    /// <summary>True when the group's memory limit killed a process of this member's tree (asked when the run ends).</summary>
    internal virtual bool HadMemoryLimitKill => false;

    /// <summary>An environment entry every process of the container carries, or null.</summary>
    internal virtual KeyValuePair<string, string>? Marker => null;

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

    /// <summary>
    /// Completes once a private container has nothing left running after its leader exited (the
    /// kill at <see cref="OnLeaderExited"/> takes effect asynchronously). The run awaits it before
    /// returning, so "the verb returned" means "the tree is gone".
    /// </summary>
    internal virtual Task SettleAsync() => Task.CompletedTask;

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

    /// <summary>Releases what the container holds; a private container is removed.</summary>
    protected abstract void Dispose(bool disposing);
}
