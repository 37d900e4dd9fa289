namespace ProcessKit;

/// <summary>
/// Keeps a command alive: starts it, restarts it when it exits (by <see cref="RestartPolicy"/>,
/// with exponential backoff and jitter, up to <see cref="SupervisorOptions.MaxRestarts"/>), stops
/// when a result says so (<see cref="SupervisorOptions.StopWhen"/>), and restarts a child whose
/// health checks fail. Each child is started with <see cref="Command.StartAsync"/>, so it runs
/// through the command's runner (a <see cref="ProcessGroup"/>, a test double) and its whole tree
/// is reaped when it ends.
/// </summary>
/// <remarks>
/// A supervisor is an immutable definition and can run any number of sessions: <see cref="RunAsync"/>
/// runs one to its end; <see cref="Start"/> returns a <see cref="SupervisorSession"/> that runs in
/// the background until stopped. Backoff and health-check intervals wait on
/// <see cref="SupervisorOptions.TimeProvider"/>, so tests drive them with a fake clock.
/// </remarks>
public sealed class Supervisor
{
    /// <summary>Creates a supervisor for <paramref name="command"/>.</summary>
    /// <param name="command">The command to keep alive.</param>
    /// <param name="options">How; the defaults (<see cref="SupervisorOptions"/>) when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option has an unusable value; the message names it.</exception>
    /// <exception cref="ArgumentException">An option is null where a value is needed.</exception>
    public Supervisor(Command command, SupervisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new SupervisorOptions();
        options.Validate(nameof(options));
        Command = command;
        Options = options;
    }

    /// <summary>The command kept alive.</summary>
    public Command Command { get; }

    /// <summary>The options, as validated.</summary>
    public SupervisorOptions Options { get; }

    /// <summary>
    /// Supervises the command until the policy, <see cref="SupervisorOptions.MaxRestarts"/> or
    /// <see cref="SupervisorOptions.StopWhen"/> ends it, and says how it ended. With
    /// <see cref="RestartPolicy.Always"/> and no limit it ends only by cancellation.
    /// </summary>
    /// <param name="cancellationToken">Kills the running child (its whole tree) and throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ProcessNotFoundException">The program was not found (at any start; a missing program is not retried).</exception>
    /// <exception cref="ProcessPermissionException">The program may not be executed.</exception>
    /// <exception cref="WorkingDirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">The working directory is a file, not a directory.</exception>
    /// <exception cref="ProcessSpawnException">The operating system refused to start the process.</exception>
    /// <remarks>
    /// Whatever else ends a child without a result (a faulted <see cref="RunningProcess.Exited"/>),
    /// or whatever <see cref="SupervisorOptions.StopWhen"/> or <see cref="SupervisorOptions.OnEvent"/>
    /// throws, ends the supervision with that exception once the child is reaped.
    /// </remarks>
    public async Task<SupervisorOutcome> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var session = Start(cancellationToken);
        return await session.Completion.ConfigureAwait(false);
    }

    /// <summary>
    /// Starts supervising in the background and returns at once with the session: stop it with
    /// <see cref="SupervisorSession.StopAsync"/>, or wait for <see cref="SupervisorSession.Completion"/>.
    /// The first child is started before this returns when the runner starts it synchronously (the real one does).
    /// </summary>
    /// <param name="cancellationToken">Cancels the session: the running child is killed and <see cref="SupervisorSession.Completion"/> is cancelled.</param>
    /// <returns>The session; dispose it to stop it.</returns>
    public SupervisorSession Start(CancellationToken cancellationToken = default) =>
        new(Command, Options, cancellationToken);
}
