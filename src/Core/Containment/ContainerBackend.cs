namespace ProcessKit;

/// <summary>
/// One container for a whole tree of processes: a cgroup, a process-group family with its marker,
/// or (Windows) a Job Object. It hands out a <see cref="Containment"/> per spawned
/// member and acts on all of them together. <see cref="MechanismSelector"/> picks the backend.
/// </summary>
internal abstract class ContainerBackend : IDisposable
{
    protected ContainerBackend(string reason) => Reason = reason;

    internal abstract ContainmentMechanism Mechanism { get; }

    /// <summary>Why this mechanism, and not a better one.</summary>
    internal string Reason { get; }

    /// <summary>A member of this container, sharing it with the other members.</summary>
    internal abstract Containment CreateMember();

    /// <summary>A container for one run only: the member owns this backend and removes it at its disposal.</summary>
    internal abstract Containment CreatePrivateMember();

    /// <summary>The live processes of the whole container.</summary>
    internal abstract IReadOnlyList<int> LiveProcesses();

    /// <summary>Sends <paramref name="signal"/> to every live process; returns how many were found only through the marker.</summary>
    internal abstract int Signal(int signal);

    /// <summary>Stops every process (cgroup freezer, else SIGSTOP) or lets them continue.</summary>
    internal abstract void Freeze(bool frozen);

    /// <summary>Kills every process at once; the container stays usable.</summary>
    internal abstract void KillAll();

    /// <summary>Waits until no process is left, or the timeout passes; true when empty.</summary>
    internal abstract Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken);

    /// <summary>
    /// After <see cref="Signal"/> with <paramref name="signal"/>: waits until no process is left, or
    /// the timeout passes; true when empty. A backend whose sweep can miss a process (see
    /// <see cref="ProcessGroupBackend"/>) sends the signal to what it finds meanwhile.
    /// </summary>
    internal virtual Task<bool> WaitUntilStoppedAsync(int signal, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitUntilEmptyAsync(timeout, time, cancellationToken);

    internal abstract ProcessGroupStats Stats();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Kills what is left and removes the container. Must not throw.</summary>
    protected abstract void Dispose(bool disposing);
}
