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
/// methods in <see cref="ProcessRunnerExtensions"/>.
/// </remarks>
public interface IProcessRunner
{
    /// <summary>Runs the command to its end and returns what happened, output as text; see <see cref="Command.OutputAsync"/> for the exceptions.</summary>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default);

    /// <summary>Runs the command to its end and returns what happened, output as bytes; see <see cref="Command.OutputBytesAsync"/>.</summary>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default);

    /// <summary>Starts the command and returns the live process; see <see cref="Command.StartAsync"/>.</summary>
    /// <param name="command">The command to start.</param>
    /// <param name="cancellationToken">Cancels the start only; the started process lives until it exits, is killed or is disposed.</param>
    Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default);
}
