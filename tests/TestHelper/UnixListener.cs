using System.Net.Sockets;

namespace TestHelper;

/// <summary>A unix domain socket server that accepts every connection and closes it at once.</summary>
internal static class UnixListener
{
    /// <summary>Listens at <paramref name="path"/> in the background and prints "unix listening on PATH".</summary>
    public static void Start(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "unix " + path }.Start();
        StdStreams.Out("unix listening on " + path);
    }

    private static void Serve(Socket listener)
    {
        while (true)
        {
            try
            {
                using var client = listener.Accept();
                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // A client that hung up early is its own business; keep serving the others.
            }
        }
    }
}
