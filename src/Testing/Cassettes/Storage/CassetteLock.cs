using System.IO.Abstractions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// An exclusive lock on a cassette across threads and processes: its lock file
/// (<c>NAME.json.lock</c>, beside the cassette) held open with <see cref="FileShare.None"/>,
/// which .NET enforces with an OS lock (<c>flock</c> on Unix, a sharing mode on Windows). The OS
/// releases it when the holder dies, so a crashed writer never leaves the cassette locked. The
/// file itself stays: deleting it would let two writers lock two different files of one name.
/// A lock file that is a link is refused, and it is never opened in a way that follows a link
/// to create a file: created only new (<see cref="FileMode.CreateNew"/>), else opened only if it
/// exists (<see cref="FileMode.Open"/>). The OS lock is what .NET takes for the real file system;
/// another <see cref="IFileSystem"/> gives the exclusion it implements for
/// <see cref="FileShare.None"/> (a <c>MockFileSystem</c>: between the streams it has open, so
/// writers sharing it exclude each other, and nothing else).
/// </summary>
internal sealed class CassetteLock : IDisposable
{
    /// <summary>How often a waiting writer tries again.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Stream _handle;

    private CassetteLock(Stream handle, string lockPath)
    {
        _handle = handle;
        LockPath = lockPath;
    }

    /// <summary>The lock file.</summary>
    internal string LockPath { get; }

    /// <summary>The lock file of <paramref name="cassettePath"/>.</summary>
    internal static string LockPathOf(string cassettePath) => cassettePath + ".lock";

    /// <summary>
    /// Takes the lock, waiting while another writer holds it, up to <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: forever) measured on <paramref name="clock"/>.
    /// </summary>
    /// <param name="fileSystem">Where the cassette is.</param>
    /// <param name="cassettePath">The cassette (its directory must exist).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="clock">The clock the wait is measured on.</param>
    /// <param name="onWaiting">Told once, with the lock file, when the lock is found taken.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="CassetteLockTimeoutException">The lock was still taken after <paramref name="timeout"/>.</exception>
    /// <exception cref="CassetteLinkException">The lock file is a link.</exception>
    internal static async Task<CassetteLock> AcquireAsync(
        IFileSystem fileSystem, string cassettePath, TimeSpan timeout, TimeProvider clock, Action<string>? onWaiting, CancellationToken cancellationToken)
    {
        var lockPath = LockPathOf(cassettePath);
        var started = clock.GetUtcNow();
        var told = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CassetteLinkException.ThrowIfLink(fileSystem, cassettePath, lockPath);

            // OpenOrCreate would follow a dangling link and create its target (as root, anywhere).
            // CreateNew fails on any existing entry, a link included; Open never creates.
            var mode = fileSystem.File.Exists(lockPath) ? FileMode.Open : FileMode.CreateNew;
            try
            {
                return new CassetteLock(fileSystem.FileStream.New(lockPath, mode, FileAccess.ReadWrite, FileShare.None), lockPath);
            }
            catch (IOException e) when (e.GetType() == typeof(IOException) || (e is FileNotFoundException && mode == FileMode.Open))
            {
                // A plain IOException is a sharing violation (the OS lock is held) or, for
                // CreateNew, a lock file another writer has just created; a missing file for Open
                // was removed meanwhile. Both are tried again. The other subclasses (missing
                // directory, path too long) are real failures and propagate.
                var waited = clock.GetUtcNow() - started;
                var infinite = timeout == Timeout.InfiniteTimeSpan;
                if (!infinite && waited >= timeout)
                {
                    throw new CassetteLockTimeoutException(cassettePath, lockPath, timeout, e);
                }

                var pause = infinite ? PollInterval : TimeSpan.FromTicks(Math.Min(PollInterval.Ticks, (timeout - waited).Ticks));
                var retry = Task.Delay(pause, clock, cancellationToken);

                // Told once the retry is scheduled, so whoever is told can move a test clock on.
                if (!told)
                {
                    told = true;
                    onWaiting?.Invoke(lockPath);
                }

                await retry.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _handle.Dispose();
}
