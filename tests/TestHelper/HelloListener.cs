using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TestHelper;

/// <summary>A TCP server on 127.0.0.1 that answers every connection with "hello\n" and closes it.</summary>
internal static class HelloListener
{
    /// <summary>
    /// Starts listening, prints "listening on PORT" (the actual port, useful with port 0) and
    /// serves on a background thread, so the next action runs at once.
    /// </summary>
    public static void Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var actualPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "listen " + actualPort.ToString(CultureInfo.InvariantCulture) }.Start();
        StdStreams.Out("listening on " + actualPort.ToString(CultureInfo.InvariantCulture));
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            try
            {
                using var client = listener.AcceptSocket();
                client.Send("hello\n"u8);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // A client that hung up early is its own business; keep serving the others.
            }
        }
    }
}
