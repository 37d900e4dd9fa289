using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>What <see cref="CaptureServerLogsAttribute"/> needs of a server fixture, whatever its server type.</summary>
internal interface IServerFixture
{
    /// <summary>The server's name, for attachments.</summary>
    string ServerName { get; }

    /// <summary>Throws the start's failure (or a skip when the program is missing); returns when the server is usable.</summary>
    void EnsureAvailable();

    /// <summary>Relays the server's later log lines to <paramref name="output"/> until the handle is disposed.</summary>
    IDisposable Attach(ITestOutputHelper output);

    /// <summary>The server's last log lines, one per line, standard error marked.</summary>
    string LogTail();
}
