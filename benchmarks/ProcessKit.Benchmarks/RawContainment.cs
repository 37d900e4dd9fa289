using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace ProcessKit.Benchmarks;

/// <summary>
/// ProcessKit's cgroup v2 join, done by hand around the raw baseline: <c>mkdir</c> a cgroup (mode
/// 0700), spawn the child through <c>/bin/sh</c> running the same join script as ProcessKit's
/// spawner (the shell writes its own pid into <c>cgroup.procs</c>, then <c>exec</c>s the program),
/// read its output to EOF, reap it, write <c>cgroup.kill</c>, <c>rmdir</c>. What the kernel and
/// the shell cost per contained run, without ProcessKit's engine around it.
/// </summary>
internal sealed unsafe class RawCgroupJoin : IDisposable
{
    /// <summary>The join script of ProcessKit's spawner (PosixSpawner.CgroupJoinScript): $0 is the cgroup.procs file.</summary>
    internal const string JoinScript = "echo 0 > \"$0\" || exit 125; exec \"$@\"";

    private const uint Mode0700 = 0x1C0;

    private readonly string _directory;
    private readonly byte[] _directoryPath;
    private readonly byte[] _killPath;
    private readonly RawPosixSpawn _spawn;

    /// <summary>Prepares a cgroup path under this process's own cgroup and the shim's argv for <paramref name="program"/>.</summary>
    internal RawCgroupJoin(string program)
    {
        // Not named processkit-*: ProcessKit's sweeps and the leak checks look for those.
        _directory = Path.Combine(CgroupLocation.OwnDirectory(), $"pkbench-join-{Environment.ProcessId}");
        _directoryPath = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(_directory) + 1, pinned: true);
        Encoding.UTF8.GetBytes(_directory, _directoryPath);
        var kill = Path.Combine(_directory, "cgroup.kill");
        _killPath = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(kill) + 1, pinned: true);
        Encoding.UTF8.GetBytes(kill, _killPath);
        _spawn = new RawPosixSpawn("/bin/sh", "-c", JoinScript, Path.Combine(_directory, "cgroup.procs"), program);
    }

    /// <summary>One contained run; returns how many bytes the child wrote. The child exits 125 if the join failed, and that throws.</summary>
    internal long Run()
    {
        fixed (byte* directory = _directoryPath)
        {
            if (RawLibc.mkdir(directory, Mode0700) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }

            try
            {
                return _spawn.Run();
            }
            finally
            {
                KillAll();
                Remove(directory);
            }
        }
    }

    /// <summary>Removes the cgroup if a failed run left it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory);
        }
    }

    private void KillAll()
    {
        fixed (byte* path = _killPath)
        {
            var fd = RawLibc.open(path, RawLibc.OWronly | RawLibc.OCloexec);
            if (fd < 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }

            var one = (byte)'1';
            var written = RawLibc.write(fd, &one, 1);
            var error = Marshal.GetLastPInvokeError();
            _ = RawLibc.close(fd);
            if (written != 1)
            {
                throw new Win32Exception(error);
            }
        }
    }

    private static void Remove(byte* directory)
    {
        // The only member has been reaped, so the group is empty; EBUSY would mean the kernel has
        // not caught up yet, so try again briefly.
        for (var attempt = 0; RawLibc.rmdir(directory) != 0; attempt++)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != RawLibc.EBusy || attempt == 1000)
            {
                throw new Win32Exception(error);
            }

            Thread.Yield();
        }
    }
}

/// <summary>
/// The process-group backend's end-of-run sweep, done by hand: one pass over <c>/proc</c> that reads
/// every process's <c>stat</c> (state) and <c>environ</c> (looking for a marker no process carries,
/// as after a run whose tree is gone). Its cost grows with the number of processes on the machine.
/// </summary>
internal sealed class RawProcSweep
{
    private readonly byte[] _needle;
    private byte[] _buffer = new byte[64 * 1024];

    internal RawProcSweep() =>
        _needle = Encoding.UTF8.GetBytes($"\0PROCESSKIT_CONTAINER={Environment.ProcessId}-bench-{Guid.NewGuid():N}\0");

    /// <summary>How many live processes carry the marker (none: the sweep's cost, not its catch, is measured).</summary>
    internal int Scan()
    {
        var found = 0;
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory.AsSpan()), out var pid) || pid == self)
            {
                continue;
            }

            var stat = Read($"/proc/{pid}/stat");
            var end = stat.LastIndexOf((byte)')');
            if (end < 0 || end + 2 >= stat.Length || stat[end + 2] == (byte)'Z')
            {
                continue; // gone, or a zombie
            }

            // environ with a NUL in front, so the needle's leading NUL also matches the first entry.
            _buffer[0] = 0;
            var environ = Read($"/proc/{pid}/environ", offset: 1);
            if (environ.Length > 1 && environ.IndexOf(_needle) >= 0)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The whole file into the reused buffer from <paramref name="offset"/>, with a NUL after it; empty if it cannot be read.</summary>
    private ReadOnlySpan<byte> Read(string path, int offset = 0)
    {
        try
        {
            using var file = File.OpenHandle(path);
            var length = offset;
            int read;
            while ((read = RandomAccess.Read(file, _buffer.AsSpan(length, _buffer.Length - length - 1), length - offset)) > 0)
            {
                length += read;
                if (length == _buffer.Length - 1)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }

            _buffer[length] = 0;
            return _buffer.AsSpan(0, length + 1);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>Where this process sits on the cgroup v2 hierarchy, read the way ProcessKit reads it.</summary>
internal static class CgroupLocation
{
    /// <summary>The cgroup2 mount point joined with the "0::" line of <c>/proc/self/cgroup</c>.</summary>
    internal static string OwnDirectory()
    {
        var mount = File.ReadLines("/proc/self/mountinfo")
            .Select(line => (line, separator: line.IndexOf(" - ", StringComparison.Ordinal)))
            .Where(entry => entry.separator > 0 && entry.line.AsSpan(entry.separator + 3).StartsWith("cgroup2 ", StringComparison.Ordinal))
            .Select(entry => entry.line[..entry.separator].Split(' ')[4])
            .FirstOrDefault() ?? throw new InvalidOperationException("No cgroup2 file system is mounted.");
        var own = File.ReadLines("/proc/self/cgroup").FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("/proc/self/cgroup has no cgroup v2 line.");
        return Path.Combine(mount, own[3..].TrimStart('/'));
    }
}
