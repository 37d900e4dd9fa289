using System.Net.Sockets;

namespace ProcessKit;

/// <summary>Ready once a TCP connect succeeds; a refused (or otherwise failed) connect means not yet.</summary>
internal sealed class TcpPortProbe(string host, int port) : PollingProbe
{
    public override string Description { get; } = $"TCP port {port} on {host} to accept a connection";

    protected override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        // Without an address family the socket is dual-mode where IPv6 exists, so a host name that
        // resolves to both ::1 and 127.0.0.1 is tried on each.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException e)
        {
            context.ReportCheck(this, SocketFindings.Describe(e));
            return false;
        }
    }
}
