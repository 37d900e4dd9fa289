using System.Net.Sockets;

namespace ProcessKit;

/// <summary>Ready once a connect to the unix domain socket succeeds; a missing file or a refused connect means not yet.</summary>
internal sealed class UnixSocketProbe : PollingProbe
{
    private readonly UnixDomainSocketEndPoint _endpoint;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is too long for a socket address.</exception>
    internal UnixSocketProbe(string path)
    {
        _endpoint = new UnixDomainSocketEndPoint(path);
        Description = $"the unix socket {path} to accept a connection";
    }

    public override string Description { get; }

    protected override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(_endpoint, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException e)
        {
            context.ReportCheck(this, SocketFindings.Describe(e));
            return false;
        }
    }
}
