namespace ProcessKit.Testing;

/// <summary>
/// A helper server was not ready within its startup timeout. It says what was awaited and shows
/// the server's last log lines. Nothing of the server is left running. Catch it as <see cref="TimeoutException"/>.
/// </summary>
public sealed class ServerStartupTimeoutException : TimeoutException, IServerStartupError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serverName">The server's name.</param>
    /// <param name="awaited">What readiness was waiting for.</param>
    /// <param name="timeout">The startup timeout.</param>
    /// <param name="lastLines">The server's last log lines.</param>
    /// <param name="keptDataDirectory">The data directory kept for inspection, or null.</param>
    /// <param name="innerException">The readiness wait's own timeout, if any.</param>
    public ServerStartupTimeoutException(string serverName, string awaited, TimeSpan timeout, IReadOnlyList<OutputLine> lastLines, string? keptDataDirectory, Exception? innerException = null)
        : base(StartupErrorText.Build(Headline(serverName, timeout), awaited, lastLines, keptDataDirectory), innerException)
    {
        ServerName = serverName;
        Awaited = awaited;
        Timeout = timeout;
        LastLines = lastLines;
        KeptDataDirectory = keptDataDirectory;
    }

    /// <inheritdoc />
    public string ServerName { get; }

    /// <summary>What readiness was waiting for.</summary>
    public string Awaited { get; }

    /// <summary>The startup timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public IReadOnlyList<OutputLine> LastLines { get; }

    /// <inheritdoc />
    public string? KeptDataDirectory { get; }

    private static string Headline(string serverName, TimeSpan timeout) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The {serverName} server was not ready within {timeout.TotalSeconds:0.###} s.");
}
