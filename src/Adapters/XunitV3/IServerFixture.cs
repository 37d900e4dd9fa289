namespace ProcessKit.Testing.XunitV3;

/// <summary>What <see cref="ProcessKitTestAttribute"/> needs of a server fixture, whatever its server type.</summary>
internal interface IServerFixture
{
    /// <summary>The server once built, or null.</summary>
    HelperServer? StartedServer { get; }

    /// <summary>How many of the server's last log lines are attached to a failed test.</summary>
    int AttachedLogLines { get; }

    /// <summary>Throws the start's failure (or a skip when the program is missing); returns when the server is usable.</summary>
    void EnsureAvailable();

    /// <summary>Relays the server's later log lines to <paramref name="output"/> until the handle is disposed.</summary>
    IDisposable Attach(TestOutputChannel output);
}
