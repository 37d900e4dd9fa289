namespace ProcessKit.Testing;

/// <summary>
/// What every startup failure of a <see cref="HelperServer"/> carries, whatever BCL exception it
/// derives from: catch <see cref="TimeoutException"/> or <see cref="ServerExitedDuringStartupException"/>,
/// or this interface to reach the server's last log lines (for an attachment to the failed test).
/// </summary>
public interface IServerStartupError
{
    /// <summary>The server's name.</summary>
    string ServerName { get; }

    /// <summary>The server's last log lines before the failure, oldest first.</summary>
    IReadOnlyList<OutputLine> LastLines { get; }

    /// <summary>The data directory kept for inspection (<see cref="HelperServerBuilder.KeepDataDirectoryOnFailure"/>), or null when it was removed.</summary>
    string? KeptDataDirectory { get; }
}
