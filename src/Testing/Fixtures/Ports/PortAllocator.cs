using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// Hands out free TCP ports that stay reserved while their <see cref="PortClaim"/> is held, even
/// against other test processes on the same machine: each claim is an exclusive lock on a file
/// named after the port in a shared directory (<see cref="LockDirectory"/>), which every
/// allocator checks before handing a port out. A claimed port is also checked to be bindable.
/// </summary>
/// <remarks>
/// A program that does not use ProcessKit can still take a claimed port: the claim makes
/// ProcessKit allocators agree among themselves, and a server that then fails to bind is retried
/// on new ports by <see cref="HelperServer"/>. The locks are advisory <c>flock</c> locks (the lock
/// .NET takes for <see cref="FileShare.None"/>; <c>flock -n FILE</c> in a shell sees them too);
/// setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> disables them and with them the claims.
/// Lock files are left in place when released (an empty file per port ever claimed): deleting a
/// lock file that another process is about to lock would let two processes hold "the" lock.
/// </remarks>
public sealed class PortAllocator
{
    private const int MaxCandidates = 200;
    private static readonly Lazy<PortAllocator> SharedAllocator = new(() => new PortAllocator(DefaultLockDirectory()));

    /// <summary>Creates an allocator whose claims live in <paramref name="lockDirectory"/> (created if missing).</summary>
    /// <param name="lockDirectory">The directory of lock files; allocators agree only when they share it.</param>
    /// <exception cref="ArgumentException">The path is empty or contains a NUL character.</exception>
    public PortAllocator(string lockDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockDirectory);
        if (lockDirectory.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The lock directory contains a NUL character.", nameof(lockDirectory));
        }

        LockDirectory = Path.GetFullPath(lockDirectory);
    }

    /// <summary>
    /// The allocator every helper server uses: lock files in <c>processkit-ports</c> under the
    /// system's temporary directory, shared by every user (mode 1777, like <c>/tmp</c>), or in
    /// <c>processkit-ports-USER</c> when another user made the shared one unwritable.
    /// </summary>
    public static PortAllocator Shared => SharedAllocator.Value;

    /// <summary>The directory of lock files, one per claimed port.</summary>
    public string LockDirectory { get; }

    /// <summary>Claims a port that is free now: one the kernel offers for 127.0.0.1, claimed by no other allocator, and bindable on every address.</summary>
    /// <param name="owner">Who claims it (a server name), written into the lock file for people investigating.</param>
    /// <exception cref="PortUnavailableException">No free port was found after many candidates.</exception>
    public PortClaim ClaimFreePort(string? owner = null)
    {
        for (var attempt = 0; attempt < MaxCandidates; attempt++)
        {
            var candidate = KernelOfferedPort();
            if (TryClaimPort(candidate, owner, out var claim))
            {
                return claim;
            }
        }

        throw new PortUnavailableException(0, $"No free TCP port found after {MaxCandidates} candidates: each was claimed by another ProcessKit process (lock files in {LockDirectory}) or already bound.");
    }

    /// <summary>Claims <paramref name="port"/> (a fixed port) if no other allocator holds it and it can be bound now.</summary>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="owner">Who claims it, written into the lock file.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    /// <exception cref="PortUnavailableException">Another process claims the port or has it bound.</exception>
    public PortClaim ClaimPort(int port, string? owner = null)
    {
        ThrowIfInvalidPort(port);
        var claim = TryLock(port, owner)
            ?? throw new PortUnavailableException(port, $"Port {port} is claimed by another ProcessKit process (lock file {LockFile(port)}; `fuser {LockFile(port)}` names it).");
        if (!IsBindable(port))
        {
            claim.Dispose();
            throw new PortUnavailableException(port, $"Port {port} is already in use on this machine (`ss -ltnp 'sport = :{port}'` names the process).");
        }

        return claim;
    }

    /// <summary>Claims <paramref name="port"/> if no other allocator holds it and it can be bound now; false otherwise.</summary>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="owner">Who claims it, written into the lock file.</param>
    /// <param name="claim">The claim, when true is returned.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    public bool TryClaimPort(int port, string? owner, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PortClaim? claim)
    {
        ThrowIfInvalidPort(port);
        claim = TryLock(port, owner);
        if (claim is not null && !IsBindable(port))
        {
            claim.Dispose();
            claim = null;
        }

        return claim is not null;
    }

    /// <summary>True when a listening socket could be bound to <paramref name="port"/> on every IPv4 address right now.</summary>
    internal static bool IsBindable(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void ThrowIfInvalidPort(int port)
    {
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 1 to 65535.");
        }
    }

    private static int KernelOfferedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string DefaultLockDirectory()
    {
        var shared = Path.Combine(Path.GetTempPath(), "processkit-ports");
        if (TryPrepareShared(shared))
        {
            return shared;
        }

        var own = Path.Combine(Path.GetTempPath(), "processkit-ports-" + Environment.UserName);
        Directory.CreateDirectory(own);
        return own;
    }

    /// <summary>Creates the shared directory writable by everyone (sticky, like /tmp) and checks that this user can add lock files to it.</summary>
    private static bool TryPrepareShared(string directory)
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(directory, (UnixFileMode)0b1_111_111_111);
                }
            }

            var probe = Path.Combine(directory, ".writable-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private string LockFile(int port) => Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture) + ".lock");

    private PortClaim? TryLock(int port, string? owner)
    {
        Directory.CreateDirectory(LockDirectory);
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive, non-blocking flock on Unix (and a share lock on Windows).
            stream = new FileStream(LockFile(port), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Locked by another allocator, or a lock file of another user that this one may not open: either way, theirs.
            return null;
        }

        try
        {
            var note = Encoding.UTF8.GetBytes($"pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} {owner}\n");
            stream.SetLength(0);
            stream.Write(note);
            stream.Flush();
        }
        catch (IOException)
        {
            // The note is for people; the lock is what counts.
        }

        return new PortClaim(port, stream);
    }
}
