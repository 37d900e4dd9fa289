using System.Net.Sockets;
using System.Text;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>Sends a line to a server and reads its first answer line: redis's PING, without a client library.</summary>
internal static class TcpClientText
{
    internal static async Task<string> AskAsync(string host, int port, string line)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(TestContext.Current.CancellationToken) ?? "";
    }
}
