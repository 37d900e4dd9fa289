namespace ProcessKit;

/// <summary>
/// The group as an <see cref="IProcessRunner"/>: every command it runs or starts is a member. The
/// other verbs (<c>RunAsync</c>, <c>ExitCodeAsync</c>, <c>ProbeAsync</c> and the synchronous twins)
/// come from <see cref="ProcessRunnerExtensions"/>, so <c>group.RunAsync(command)</c> reads as on
/// <see cref="Command"/>. <c>command.WithRunner(group)</c> does the same from the command's side.
/// </summary>
public sealed partial class ProcessGroup : IProcessRunner
{
    /// <summary>The group's members: a pipeline whose stages run through the group joins them by kernel pipes as members.</summary>
    public ProcessPlacement Placement => LazyInitializer.EnsureInitialized(ref field, () => ProcessPlacement.In(this));

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.OutputAsync"/>.</summary>
    /// <param name="command">The command to run.</param>
    /// <param name="verb">The verb this run serves (see <see cref="IProcessRunner.OutputAsync"/>); the group runs every verb the same.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable(command);
        var record = await ProcessExecution.RunAsync(command, CreateMember, cancellationToken).ConfigureAwait(false);
        return record.ToProcessResult();
    }

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.OutputBytesAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable(command);
        var record = await ProcessExecution.RunAsync(command, CreateMember, cancellationToken).ConfigureAwait(false);
        return record.ToBytesResult();
    }

    /// <summary>
    /// Starts <paramref name="command"/> as a member; see <see cref="Command.StartAsync"/>. Disposing
    /// the returned process reaps its own part of the group and leaves the other members alone.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _disposed) != 0
            ? Task.FromException<RunningProcess>(new ObjectDisposedException(GetType().FullName))
            : SpawnedProcess.StartAsTask(command, CreateMember, cancellationToken);

    private void ThrowIfUnusable(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ThrowIfDisposed();
    }
}
