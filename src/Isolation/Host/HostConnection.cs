using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// The child's end of the channel: connected to the parent's socket with blocking reads. On Linux
/// and macOS through libc's socket calls and a <see cref="FileStream"/> over the descriptor: the
/// runtime's socket classes (two assemblies and their start-up) cost a fresh child about as much
/// as the rest of its work on the call. On Windows through <see cref="Socket"/>.
/// </summary>
internal sealed partial class HostConnection : IDisposable
{
    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexecLinux = 0x80000;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;
    private const int ShutRdwr = 2;

    private readonly Socket? _socket;
    private readonly SafeFileHandle? _descriptor;

    private HostConnection(Stream stream, Socket? socket, SafeFileHandle? descriptor)
    {
        Stream = stream;
        _socket = socket;
        _descriptor = descriptor;
    }

    /// <summary>The channel's bytes.</summary>
    public Stream Stream { get; }

    /// <summary>Connects to the parent's socket at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Nobody listens there.</exception>
    public static HostConnection Connect(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return new HostConnection(new NetworkStream(socket, ownsSocket: false), socket, null);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var descriptor = ConnectUnix(path);
        return new HostConnection(new FileStream(descriptor, FileAccess.ReadWrite, bufferSize: 0), null, descriptor);
    }

    /// <summary>Ends the connection both ways: a read blocked on it returns the end, and the parent reads the end after what was written.</summary>
    public void Shutdown()
    {
        try
        {
            if (_socket is not null)
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            else if (_descriptor is { IsClosed: false })
            {
                _ = shutdown((int)_descriptor.DangerousGetHandle(), ShutRdwr);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the parent has gone already: the reading ends all the same
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stream.Dispose();
        _socket?.Dispose();
        _descriptor?.Dispose();
    }

    private static unsafe SafeFileHandle ConnectUnix(string path)
    {
        // struct sockaddr_un: on Linux a 2-byte family then the path; on macOS and the BSDs a
        // length byte, a family byte, then the path. The path is NUL-terminated.
        var pathBytes = Encoding.UTF8.GetBytes(path);
        var address = new byte[2 + pathBytes.Length + 1];
        if (OperatingSystem.IsLinux())
        {
            BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)AfUnix);
        }
        else
        {
            address[0] = (byte)Math.Min(address.Length, byte.MaxValue);
            address[1] = AfUnix;
        }

        pathBytes.CopyTo(address, 2);
        var fd = socket(AfUnix, OperatingSystem.IsLinux() ? SockStream | SockCloexecLinux : SockStream, 0);
        if (fd < 0)
        {
            throw new IOException($"socket() failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        fixed (byte* pointer = address)
        {
            // A child of the user's code must not hold the channel open after this process ends.
            if ((!OperatingSystem.IsLinux() && fcntl(fd, FSetFd, FdCloexec) < 0) || connect(fd, pointer, address.Length) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                handle.Dispose();
                throw new IOException($"Connecting to the parent's socket {path} failed: errno {errno}.");
            }
        }

        return handle;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int connect(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int fd, int how);
}
