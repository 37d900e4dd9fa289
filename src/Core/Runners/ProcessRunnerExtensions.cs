namespace ProcessKit;

/// <summary>
/// The verbs built from the primitives of <see cref="IProcessRunner"/>, so that every runner (the
/// real one, a <see cref="ProcessGroup"/>, a test double) speaks the same vocabulary as
/// <see cref="Command"/>. <c>RunAsync</c>, <c>ExitCodeAsync</c> and <c>ProbeAsync</c> ask the
/// runner's <see cref="IProcessRunner.OutputAsync"/> for their own verb and read its result.
/// </summary>
public static class ProcessRunnerExtensions
{
    /// <summary>Runs <paramref name="command"/> and returns what happened, output as text: the primitive asked for <see cref="ProcessVerb.Output"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="Command.OutputAsync" path="/exception"/>
    public static Task<ProcessResult> OutputAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputAsync(command, ProcessVerb.Output, cancellationToken);
    }

    /// <summary>Runs <paramref name="command"/> and returns its trimmed standard output; see <see cref="Command.RunAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="Command.RunAsync" path="/exception"/>
    public static Task<string> RunAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputAsync(command, ProcessVerb.Run, cancellationToken).TrimmedOutput(static result => result.StandardOutput);
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code; see <see cref="Command.ExitCodeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="Command.ExitCodeAsync" path="/exception"/>
    public static Task<int> ExitCodeAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputAsync(command, ProcessVerb.ExitCode, cancellationToken).ExitCode();
    }

    /// <summary>Runs a yes-or-no <paramref name="command"/>: exit 0 is true, 1 false; see <see cref="Command.ProbeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="Command.ProbeAsync" path="/exception"/>
    public static Task<bool> ProbeAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputAsync(command, ProcessVerb.Probe, cancellationToken).Answer();
    }

    /// <summary>Synchronous twin of <see cref="RunAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static string Run(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.RunAsync(command, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static ProcessResult Output(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.OutputAsync(command, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="IProcessRunner.OutputBytesAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static BytesResult OutputBytes(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputBytesAsync(command, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static int ExitCode(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.ExitCodeAsync(command, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ProbeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static bool Probe(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.ProbeAsync(command, cancellationToken).GetAwaiter().GetResult();
}
