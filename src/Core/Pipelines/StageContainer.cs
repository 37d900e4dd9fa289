namespace ProcessKit;

/// <summary>
/// The one container every stage of a kernel-pipe run lives in, each stage a member of it: a
/// private container for the pipeline, killed, emptied and removed with it; or the
/// <see cref="ProcessGroup"/> the pipeline runs in, whose rules then apply to the stages as to
/// any member.
/// </summary>
internal sealed class StageContainer : IDisposable
{
    /// <summary>How long the end of a run waits for a killed container to empty.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private readonly ContainerBackend? _own;
    private readonly Func<Containment> _createMember;
    private readonly List<Containment> _members = [];

    private StageContainer(ContainerBackend? own, Func<Containment> createMember)
    {
        _own = own;
        _createMember = createMember;
    }

    /// <summary>A container of the pipeline's own, with the best mechanism here.</summary>
    internal static StageContainer CreatePrivate()
    {
        var backend = MechanismSelector.CreateBackend(limits: null);
        return new StageContainer(backend, backend.CreateMember);
    }

    /// <summary>The stages become members of <paramref name="group"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    internal static StageContainer In(ProcessGroup group) => new(own: null, group.CreateMember);

    /// <summary>
    /// The member for the next stage. In a private container a stage's descendants do not outlive
    /// it, as a one-shot command's do not: when the stage exits its own tree is killed, so nothing
    /// it left running can hold a pipe open and stall its neighbours. In a group they stay, as any
    /// member's do, until the group stops.
    /// </summary>
    internal Containment AddStage()
    {
        var member = _createMember();
        _members.Add(member);
        if (_own is not null)
        {
            // Off the reaper thread: on the process-group backend the kill sweeps /proc.
            member.LeaderExited += () => ThreadPool.UnsafeQueueUserWorkItem(static m => KillQuietly(m), member, preferLocal: false);
        }

        return member;
    }

    /// <summary>Kills every stage and everything they started, at once where the mechanism allows.</summary>
    internal void KillAll()
    {
        if (_own is not null)
        {
            _own.KillAll();
            return;
        }

        foreach (var member in _members)
        {
            KillQuietly(member);
        }
    }

    /// <summary>
    /// A private container is killed and waited for until nothing of it runs, so a verb that
    /// returns has left nothing behind; a group's members are left to the group.
    /// </summary>
    internal async Task SettleAsync()
    {
        if (_own is not null)
        {
            _own.KillAll();
            await _own.WaitUntilEmptyAsync(SettleTimeout, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the members, then removes a private container (killing what may be left).</summary>
    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _own?.Dispose();
    }

    /// <summary>Kills a member's tree; a member whose container has ended meanwhile has nothing left to kill.</summary>
    private static void KillQuietly(Containment member)
    {
        try
        {
            member.KillTree();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
