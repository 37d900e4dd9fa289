using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ProcessKit.Samples.DemoServer;

/// <summary>
/// One client's conversation, a request per line (UTF-8, "\n" or "\r\n"), a reply per line:
/// <code>
/// PING            PONG
/// ECHO TEXT       TEXT
/// TIME            the server's UTC time, ISO 8601
/// QUIT            BYE, then the server closes the connection
/// anything else   ERR unknown command 'WORD'
/// </code>
/// Commands are case-insensitive. The connection closes when the client hangs up or the server stops.
/// </summary>
internal static class LineProtocol
{
    public static async Task ServeAsync(TcpClient client, int number, CancellationToken stopping)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, new UTF8Encoding(false));
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
                while (await reader.ReadLineAsync(stopping) is { } line)
                {
                    var (reply, close) = Answer(line);
                    await writer.WriteLineAsync(reply.AsMemory(), stopping);
                    if (close)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up, or the server is stopping: either way this conversation is over.
            }
        }

        Console.WriteLine($"connection {number.ToString(CultureInfo.InvariantCulture)} closed");
    }

    internal static (string Reply, bool Close) Answer(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).Trim();
        var rest = space < 0 ? "" : line[(space + 1)..];
        return verb.ToUpperInvariant() switch
        {
            "PING" => ("PONG", false),
            "ECHO" => (rest, false),
            "TIME" => (DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), false),
            "QUIT" => ("BYE", true),
            _ => ($"ERR unknown command '{verb}'", false),
        };
    }
}
