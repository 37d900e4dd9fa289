namespace ProcessKit;

/// <summary>
/// The seam every verb goes through: the few primitives from which <c>RunAsync</c>,
/// <c>OutputAsync</c>, <c>OutputBytesAsync</c>, <c>ExitCodeAsync</c>, <c>ProbeAsync</c> and
/// <c>StartAsync</c> are built on every layer (<see cref="Command"/>, <see cref="ProcessGroup"/>,
/// <c>CliClient</c>). The real runner is <see cref="ProcessRunner.Default"/>; a
/// <see cref="ProcessGroup"/> is a runner whose processes are its members; the test doubles in
/// <c>ProcessKit.Testing</c> are runners that never spawn. Hand code a runner (through its
/// constructor, <see cref="Command.WithRunner"/> or <see cref="ProcessRunnerScope"/>) and a test can
/// swap it without changing anything else.
/// </summary>
/// <remarks>
/// An implementation runs the command itself: it must not dispatch back through
/// <see cref="Command.Runner"/>, which may be this very runner. The derived verbs are extension
/// methods in <see cref="ProcessRunnerExtensions"/>; a runner that wraps another passes the verb
/// and <see cref="Placement"/> of its inner runner on unchanged.
/// </remarks>
public interface IProcessRunner
{
    /// <summary>
    /// Where the processes this runner starts live, when it spawns them with ProcessKit's own
    /// containment (<see cref="ProcessPlacement.PrivateContainers"/> for the real runner, the group
    /// for a <see cref="ProcessGroup"/>); a runner that wraps another returns its inner runner's;
    /// null for a runner whose processes are not spawned so (a test double, a cassette).
    /// A <see cref="Pipeline"/> whose stages' runners all name the same placement joins the stages
    /// there by kernel pipes, byte for byte; otherwise it starts each stage through its runner and
    /// copies output to the next stage line by line.
    /// </summary>
    ProcessPlacement? Placement { get; }

    /// <summary>
    /// Runs the command to its end for <paramref name="verb"/> and returns what happened, output as
    /// text; see <see cref="Command.OutputAsync"/> for the exceptions. What the verb makes of the
    /// result (throwing for a failure, reading the exit code) is done by the caller: the runner
    /// returns the result whatever the verb, and may only record or report it.
    /// </summary>
    /// <param name="command">The command to run.</param>
    /// <param name="verb">
    /// The verb this run serves: <see cref="ProcessVerb.Output"/>, or <see cref="ProcessVerb.Run"/>,
    /// <see cref="ProcessVerb.ExitCode"/> or <see cref="ProcessVerb.Probe"/>, which are readings of
    /// this result. <c>runner.OutputAsync(command)</c> passes <see cref="ProcessVerb.Output"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default);

    /// <summary>Runs the command to its end and returns what happened, output as bytes; see <see cref="Command.OutputBytesAsync"/>.</summary>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default);

    /// <summary>Starts the command and returns the live process; see <see cref="Command.StartAsync"/>.</summary>
    /// <param name="command">The command to start.</param>
    /// <param name="cancellationToken">Cancels the start only; the started process lives until it exits, is killed or is disposed.</param>
    Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default);
}
