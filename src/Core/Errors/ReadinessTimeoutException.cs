namespace ProcessKit;

/// <summary>
/// A readiness probe was not ready within its timeout. The process, if there was one, is still
/// running: readiness waits never stop it, so stop or dispose it if it is of no use. Catch it as
/// <see cref="TimeoutException"/>.
/// </summary>
public sealed class ReadinessTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="awaited">What was still awaited when the time was up (for combined probes, only the pending ones).</param>
    /// <param name="timeout">The timeout that passed.</param>
    /// <param name="lastLines">The last lines of the process's output, oldest first; empty without a process.</param>
    /// <param name="command">The command of the process waited on, named in the message; null when there was none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="awaited"/> or <paramref name="lastLines"/> is null.</exception>
    public ReadinessTimeoutException(string awaited, TimeSpan timeout, IReadOnlyList<OutputLine> lastLines, Command? command = null)
        : base(BuildMessage(awaited, timeout, lastLines, command))
    {
        Awaited = awaited;
        Timeout = timeout;
        LastLines = lastLines;
        CommandLine = command?.ToString();
    }

    /// <summary>What was still awaited when the time was up.</summary>
    public string Awaited { get; }

    /// <summary>The timeout that passed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The last lines of the process's output (up to 200, both streams), oldest first; empty when there was no process.</summary>
    public IReadOnlyList<OutputLine> LastLines { get; }

    /// <summary>The command line of the process waited on, with secret-looking values redacted; null when there was none.</summary>
    public string? CommandLine { get; }

    private static string BuildMessage(string awaited, TimeSpan timeout, IReadOnlyList<OutputLine> lastLines, Command? command)
    {
        ArgumentNullException.ThrowIfNull(awaited);
        ArgumentNullException.ThrowIfNull(lastLines);
        var message = command is null
            ? $"Not ready within {ReadinessText.Duration(timeout)}: still waiting for {awaited}."
            : $"{command} was not ready within {ReadinessText.Duration(timeout)}: still waiting for {awaited}. "
              + "The process is still running; stop or dispose it if it is of no use.";
        return ReadinessText.WithLastLines(message, lastLines);
    }
}
