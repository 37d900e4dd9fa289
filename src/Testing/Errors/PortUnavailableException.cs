namespace ProcessKit.Testing;

/// <summary>A port could not be claimed: another process claims it or has it bound, or no free port was found. Catch it as <see cref="IOException"/>.</summary>
public sealed class PortUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="port">The port asked for, or 0 when any free port was asked for.</param>
    /// <param name="message">What stood in the way.</param>
    public PortUnavailableException(int port, string message)
        : base(message)
    {
        Port = port;
    }

    /// <summary>The port asked for, or 0 when any free port was asked for.</summary>
    public int Port { get; }
}
