using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TestHelper;

/// <summary>
/// A TCP server on 127.0.0.1 that answers every connection with "hello\n" and closes it. The port
/// can be reserved first (bound, not listening: connects are refused) and served later, so a test
/// knows the port before it opens.
/// </summary>
internal static class HelloListener
{
    private static Socket? _reserved;

    /// <summary>
    /// Starts listening, prints "listening on PORT" (the actual port, useful with port 0) and
    /// serves on a background thread, so the next action runs at once.
    /// </summary>
    public static void Start(int port) => Serve(Bind(port));

    /// <summary>Binds 127.0.0.1 on a free port without listening, and prints "reserved PORT".</summary>
    public static void Reserve()
    {
        _reserved = Bind(0);
        StdStreams.Out("reserved " + PortOf(_reserved));
    }

    /// <summary>Serves the port <see cref="Reserve"/> bound, as <see cref="Start"/> does.</summary>
    public static void ListenReserved() =>
        Serve(_reserved ?? throw new InvalidOperationException("listen-reserved needs a reserve-port before it"));

    /// <summary>A stream socket bound to 127.0.0.1:<paramref name="port"/>, not yet listening.</summary>
    public static Socket Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    public static string PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

    private static void Serve(Socket socket)
    {
        socket.Listen();
        var port = PortOf(socket);
        new Thread(() => Accept(socket)) { IsBackground = true, Name = "listen " + port }.Start();
        StdStreams.Out("listening on " + port);
    }

    private static void Accept(Socket listener)
    {
        while (true)
        {
            try
            {
                using var client = listener.Accept();
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
