using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// Another writer (a test in this process or another) held a cassette's lock file for longer than
/// the lock timeout, so the cassette was not written: what was recorded is kept in memory and
/// nothing on disk changed. Catch it as <see cref="TimeoutException"/>.
/// </summary>
public sealed class CassetteLockTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cassettePath">The cassette that was to be written.</param>
    /// <param name="lockPath">Its lock file.</param>
    /// <param name="timeout">How long the writer waited.</param>
    /// <param name="innerException">The last failure to take the lock.</param>
    public CassetteLockTimeoutException(string cassettePath, string lockPath, TimeSpan timeout, Exception? innerException = null)
        : base(BuildMessage(cassettePath, lockPath, timeout), innerException)
    {
        CassettePath = cassettePath;
        LockPath = lockPath;
        Timeout = timeout;
    }

    /// <summary>The cassette that was to be written.</summary>
    public string CassettePath { get; }

    /// <summary>Its lock file.</summary>
    public string LockPath { get; }

    /// <summary>How long the writer waited.</summary>
    public TimeSpan Timeout { get; }

    private static string BuildMessage(string cassettePath, string lockPath, TimeSpan timeout) =>
        string.Create(CultureInfo.InvariantCulture, $"The cassette '{cassettePath}' was not written: another writer held its lock file '{lockPath}' for more than {timeout.TotalSeconds:0.###} s. ") +
        "Another test or process is writing the same cassette: give each test its own cassette, or raise CassetteOptions.LockTimeout.";
}
