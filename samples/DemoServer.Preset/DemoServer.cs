using System.Net.Sockets;
using System.Text;
using ProcessKit.Testing;

namespace ProcessKit.Samples;

/// <summary>The demo server made by <see cref="DemoServerBuilder"/>, with a one-line client for its protocol.</summary>
public sealed class DemoServer : HelperServer
{
    /// <summary>Makes the server from a definition (see <see cref="DemoServerBuilder"/>).</summary>
    /// <param name="definition">The definition; its first port is the demo server's.</param>
    public DemoServer(HelperServerDefinition definition)
        : base(definition)
    {
    }

    /// <summary>Connects, sends <paramref name="request"/> as one line (<c>PING</c>, <c>ECHO text</c>, <c>TIME</c>), and returns the reply line.</summary>
    /// <param name="request">The request line, without a line terminator.</param>
    /// <param name="cancellationToken">Cancels the conversation.</param>
    /// <exception cref="ArgumentException">The request contains a line break.</exception>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    /// <exception cref="IOException">The server closed the connection without a reply.</exception>
    /// <exception cref="SocketException">The server could not be reached.</exception>
    public async Task<string> SendAsync(string request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Contains('\n', StringComparison.Ordinal) || request.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("A request is one line: it cannot contain a line break.", nameof(request));
        }

        using var client = new TcpClient();
        await client.ConnectAsync(Host, Port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"The demo server at {Host}:{Port} closed the connection without answering '{request}'.");
    }
}
