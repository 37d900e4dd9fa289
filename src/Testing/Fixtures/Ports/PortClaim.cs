namespace ProcessKit.Testing;

/// <summary>
/// A TCP port reserved for one server on this machine: while the claim is held, no other
/// <see cref="PortAllocator"/> in any process of this machine hands the port out. Disposing the
/// claim releases it (and so does the end of this process, however it ends: the claim is a lock
/// on an open file, which the kernel drops with the process).
/// </summary>
public sealed class PortClaim : IDisposable
{
    private FileStream? _lock;

    internal PortClaim(int port, FileStream lockFile)
    {
        Port = port;
        _lock = lockFile;
    }

    /// <summary>The claimed port.</summary>
    public int Port { get; }

    /// <summary>True until the claim is released.</summary>
    public bool IsHeld => Volatile.Read(ref _lock) is not null;

    /// <summary>Releases the claim. Idempotent.</summary>
    public void Dispose() => Interlocked.Exchange(ref _lock, null)?.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"port {Port} ({(IsHeld ? "claimed" : "released")})";
}
