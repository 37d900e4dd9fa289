namespace ProcessKit;

/// <summary>
/// The verbs built from the primitives of <see cref="IProcessRunner"/>, so that every runner (the
/// real one, a <see cref="ProcessGroup"/>, a test double) speaks the same vocabulary as
/// <see cref="Command"/>.
/// </summary>
public static class ProcessRunnerExtensions
{
    /// <summary>Runs <paramref name="command"/> and returns its trimmed standard output; see <see cref="Command.RunAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ProcessExitException">The process did not exit with a success code.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    public static async Task<string> RunAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var result = await VerbContext.OutputAsync(runner, ProcessVerb.Run, command, cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess().StandardOutput.Trim();
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code; see <see cref="Command.ExitCodeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ProcessExitException">The process was killed by a signal or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    public static async Task<int> ExitCodeAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var result = await VerbContext.OutputAsync(runner, ProcessVerb.ExitCode, command, cancellationToken).ConfigureAwait(false);
        return ExitCodeOf(result);
    }

    /// <summary>Runs a yes-or-no <paramref name="command"/>: exit 0 is true, 1 false; see <see cref="Command.ProbeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ProcessExitException">The process exited with another code, was killed by a signal, or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    public static async Task<bool> ProbeAsync(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var result = await VerbContext.OutputAsync(runner, ProcessVerb.Probe, command, cancellationToken).ConfigureAwait(false);
        return ExitCodeOf(result) switch
        {
            0 => true,
            1 => false,
            _ => throw new ProcessExitException(result),
        };
    }

    /// <summary>Synchronous twin of <see cref="RunAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static string Run(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.RunAsync(command, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="IProcessRunner.OutputAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static ProcessResult Output(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputAsync(command, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Synchronous twin of <see cref="IProcessRunner.OutputBytesAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static BytesResult OutputBytes(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.OutputBytesAsync(command, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static int ExitCode(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.ExitCodeAsync(command, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ProbeAsync"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static bool Probe(this IProcessRunner runner, Command command, CancellationToken cancellationToken = default) =>
        runner.ProbeAsync(command, cancellationToken).GetAwaiter().GetResult();

    private static int ExitCodeOf(ProcessResult result)
    {
        if (result.TimedOut)
        {
            throw new ProcessTimeoutException(result);
        }

        return result.ExitCode ?? throw new ProcessExitException(result);
    }
}
