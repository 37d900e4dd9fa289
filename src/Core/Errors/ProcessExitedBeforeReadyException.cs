namespace ProcessKit;

/// <summary>
/// The process exited while a readiness probe waited for it: a server that failed during
/// startup. Thrown as soon as the exit is seen, never after the timeout, with the exit status and
/// the last lines of output that usually say why.
/// </summary>
/// <remarks>
/// A launcher that exits by design after starting a daemon (<c>pg_ctl start</c>, a server with
/// <c>--daemonize</c>) is not this case: wait on the daemon's port or file without the process
/// (<see cref="ReadinessProbe.WaitUntilReadyAsync"/> with a null process).
/// </remarks>
public sealed class ProcessExitedBeforeReadyException : Exception, IProcessError
{
    /// <summary>Creates the exception for a process that ended with <paramref name="result"/>.</summary>
    /// <param name="awaited">What the probe was still waiting for.</param>
    /// <param name="result">How the process ended.</param>
    /// <param name="lastLines">The last lines of its output, oldest first.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ProcessExitedBeforeReadyException(string awaited, ProcessResult result, IReadOnlyList<OutputLine> lastLines)
        : base(BuildMessage(awaited, NotNull(result).CommandLine, result.Status, lastLines))
    {
        Awaited = awaited;
        Result = result;
        LastLines = lastLines;
        Program = result.Program;
        Arguments = result.Arguments;
        StandardErrorTail = ProcessErrorText.Tail(result.StandardError);
    }

    /// <summary>Creates the exception for a process whose end was itself a failure (<see cref="RunningProcess.Exited"/> faulted).</summary>
    internal ProcessExitedBeforeReadyException(string awaited, Command command, Exception failure, IReadOnlyList<OutputLine> lastLines)
        : base(BuildMessage(awaited, command.ToString(), $"ended in failure ({failure.GetType().Name}: {failure.Message})", lastLines), failure)
    {
        Awaited = awaited;
        LastLines = lastLines;
        Program = command.Program;
        Arguments = command.Arguments;
        StandardErrorTail = ProcessErrorText.Tail(string.Join('\n', lastLines.Where(l => l.Source == OutputSource.StandardError).Select(l => l.Text)));
    }

    /// <summary>What the probe was still waiting for when the process exited.</summary>
    public string Awaited { get; }

    /// <summary>
    /// How the process ended, with its captured output; null when its end was itself a failure
    /// (then <see cref="Exception.InnerException"/> is that failure, as <see cref="RunningProcess.Exited"/> threw it).
    /// </summary>
    public ProcessResult? Result { get; }

    /// <inheritdoc />
    public int? ExitCode => Result?.ExitCode;

    /// <summary>The signal that ended the process, if one did.</summary>
    public int? Signal => Result?.Signal;

    /// <summary>The last lines of its output (up to 200, both streams), oldest first.</summary>
    public IReadOnlyList<OutputLine> LastLines { get; }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <inheritdoc />
    public string? StandardErrorTail { get; }

    private static ProcessResult NotNull(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result;
    }

    private static string BuildMessage(string awaited, string commandLine, string status, IReadOnlyList<OutputLine> lastLines)
    {
        ArgumentNullException.ThrowIfNull(awaited);
        ArgumentNullException.ThrowIfNull(lastLines);
        return ReadinessText.WithLastLines($"{commandLine} {status} before it was ready (still waiting for {awaited}).", lastLines);
    }
}
