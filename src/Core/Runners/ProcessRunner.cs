namespace ProcessKit;

/// <summary>
/// The real runner: spawns each command in a private kill-on-exit container of its own (see
/// <see cref="ProcessGroup"/> for a shared one). Stateless and thread-safe.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private ProcessRunner()
    {
    }

    /// <summary>The one real runner.</summary>
    public static ProcessRunner Default { get; } = new();

    /// <summary>
    /// The runner a command without its own (<see cref="Command.WithRunner"/>) uses here and now:
    /// the innermost <see cref="ProcessRunnerScope"/> of this async flow, else <see cref="Default"/>.
    /// </summary>
    public static IProcessRunner Current => ProcessRunnerScope.Active ?? Default;

    /// <inheritdoc />
    public ProcessPlacement Placement => ProcessPlacement.PrivateContainers;

    /// <inheritdoc />
    public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        RealRunWatch.Notify(command);
        var record = await ProcessExecution.RunAsync(command, Containment.CreatePrivate, cancellationToken).ConfigureAwait(false);
        return record.ToProcessResult();
    }

    /// <inheritdoc />
    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        RealRunWatch.Notify(command);
        var record = await ProcessExecution.RunAsync(command, Containment.CreatePrivate, cancellationToken).ConfigureAwait(false);
        return record.ToBytesResult();
    }

    /// <inheritdoc />
    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        RealRunWatch.Notify(command);
        return SpawnedProcess.StartAsTask(command, Containment.CreatePrivate, cancellationToken);
    }
}
