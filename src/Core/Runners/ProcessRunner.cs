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

    /// <summary>
    /// For a runner's <see cref="IProcessRunner.OutputAsync"/>: the verb this call serves,
    /// <see cref="ProcessVerb.Run"/>, <see cref="ProcessVerb.ExitCode"/> or
    /// <see cref="ProcessVerb.Probe"/>, when <paramref name="command"/> came through one of them
    /// (on a <see cref="Command"/> or a runner); null when the primitive was called directly.
    /// A spy records it (see <c>RecordingRunner</c> in ProcessKit.Testing).
    /// </summary>
    /// <param name="command">The command the runner was given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public static ProcessVerb? InvokedVerb(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return VerbContext.Of(command);
    }

    /// <inheritdoc />
    public async Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default)
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
