namespace ProcessKit.Testing;

/// <summary>
/// A helper server ended before it was ready: it exited by itself (a bad configuration, a crash, a
/// port it could not bind), or the fixture stopped it because its log said its port was already in
/// use and no retry was left. Thrown as soon as the exit is seen, without waiting for the startup
/// timeout, with the exit status and the server's last log lines. Nothing of the server is left running.
/// </summary>
public sealed class ServerExitedDuringStartupException : Exception, IServerStartupError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serverName">The server's name.</param>
    /// <param name="result">How the server's process ended, or null when the fixture stopped it.</param>
    /// <param name="awaited">What readiness was waiting for.</param>
    /// <param name="lastLines">The server's last log lines.</param>
    /// <param name="attempts">How many starts were tried (more than one after port conflicts).</param>
    /// <param name="portConflict">True when the failure was a port already in use.</param>
    /// <param name="keptDataDirectory">The data directory kept for inspection, or null.</param>
    /// <param name="innerException">The readiness wait's own error, if any.</param>
    public ServerExitedDuringStartupException(string serverName, ProcessResult? result, string awaited, IReadOnlyList<OutputLine> lastLines, int attempts, bool portConflict, string? keptDataDirectory, Exception? innerException = null)
        : base(StartupErrorText.Build(Headline(serverName, result, attempts, portConflict), awaited, lastLines, keptDataDirectory), innerException)
    {
        ServerName = serverName;
        Result = result;
        Awaited = awaited;
        LastLines = lastLines;
        Attempts = attempts;
        PortConflict = portConflict;
        KeptDataDirectory = keptDataDirectory;
    }

    /// <inheritdoc />
    public string ServerName { get; }

    /// <summary>
    /// How the server's process ended (exit code, signal, captured output), or null when the fixture
    /// stopped it after a port conflict or its end was itself a failure (see <see cref="Exception.InnerException"/>).
    /// </summary>
    public ProcessResult? Result { get; }

    /// <summary>The exit code, when the process exited with one.</summary>
    public int? ExitCode => Result?.ExitCode;

    /// <summary>The signal that ended the process, when one did.</summary>
    public int? Signal => Result?.Signal;

    /// <summary>What readiness was waiting for.</summary>
    public string Awaited { get; }

    /// <inheritdoc />
    public IReadOnlyList<OutputLine> LastLines { get; }

    /// <summary>How many starts were tried: more than one when allocated ports turned out to be taken and new ones were tried.</summary>
    public int Attempts { get; }

    /// <summary>True when the server could not bind its port (its log said "address already in use", or the port was found taken after it exited).</summary>
    public bool PortConflict { get; }

    /// <inheritdoc />
    public string? KeptDataDirectory { get; }

    private static string Headline(string serverName, ProcessResult? result, int attempts, bool portConflict)
    {
        var how = result is not null ? $"{result.Status} during startup"
            : portConflict ? "was stopped during startup because its port was already in use"
            : "ended during startup";
        var tries = attempts > 1 ? $" (after {attempts} attempts)" : "";
        var conflict = portConflict && result is not null ? ": its port was already in use" : "";
        return $"The {serverName} server {how}{tries}{conflict}.";
    }
}
