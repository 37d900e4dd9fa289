using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace TestHelper;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1: every request, whatever its method and path, gets the
/// current status with an empty body and "Connection: close". The status can change while it
/// serves (<see cref="SetStatus"/>), so a test can turn a 503 into a 200 when it chooses.
/// </summary>
internal static class HttpResponder
{
    private const int MaxRequestBytes = 64 * 1024;
    private static volatile int _status;

    /// <summary>Serves on <paramref name="port"/> (0: any) in the background and prints "http on PORT".</summary>
    public static void Start(int port, int status)
    {
        _status = status;
        var listener = HelloListener.Bind(port);
        listener.Listen();
        var actualPort = HelloListener.PortOf(listener);
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "http " + actualPort }.Start();
        StdStreams.Out("http on " + actualPort);
    }

    /// <summary>From now on, answer <paramref name="status"/>; prints "http status STATUS".</summary>
    public static void SetStatus(int status)
    {
        _status = status;
        StdStreams.Out("http status " + status.ToString(CultureInfo.InvariantCulture));
    }

    private static void Serve(Socket listener)
    {
        while (true)
        {
            try
            {
                using var client = listener.Accept();
                // A client that connects and sends nothing (a TCP probe) must not stall the others.
                client.ReceiveTimeout = 5000;
                if (ReadRequestHead(client))
                {
                    client.Send(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"HTTP/1.1 {_status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")));
                }

                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // A client that hung up early is its own business; keep serving the others.
            }
        }
    }

    /// <summary>Reads up to the blank line that ends the request head; false if the client hung up first.</summary>
    private static bool ReadRequestHead(Socket client)
    {
        var head = new byte[MaxRequestBytes];
        var length = 0;
        while (length < head.Length)
        {
            var read = client.Receive(head, length, head.Length - length, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            length += read;
            if (head.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return true;
            }
        }

        return true;
    }
}
