using System.Net.Sockets;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>
/// The channel's transport: a Unix domain socket (Linux, macOS, and Windows 10 and later), which
/// the parent listens on before it starts the child and the child connects to (see
/// <see cref="Host.HostConnection"/>). Plain sockets rather than named pipes: a named pipe's
/// client connects through a task and a retry loop, which a fresh child paid for in JIT and
/// thread-pool start-up.
/// </summary>
internal sealed class ChannelSocket : IDisposable
{
    private readonly Socket _listener;

    private ChannelSocket(string path, Socket listener)
    {
        Path = path;
        _listener = listener;
    }

    /// <summary>The socket's path, which the child is given.</summary>
    public string Path { get; }

    /// <summary>Listens on a fresh socket in the temporary directory.</summary>
    public static ChannelSocket Listen()
    {
        // A socket's path is limited to about 100 bytes: a short name.
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pk-" + Guid.NewGuid().ToString("N")[..16]);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            return new ChannelSocket(path, listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the child's connection, then stops listening: the socket serves one child.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Stream> AcceptAsync(CancellationToken cancellationToken)
    {
        var connection = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        Dispose();
        return new NetworkStream(connection, ownsSocket: true);
    }

    /// <summary>Stops listening and removes the socket's file.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // already gone, or the temporary directory is read-only now: nothing left to tidy
        }
    }
}
