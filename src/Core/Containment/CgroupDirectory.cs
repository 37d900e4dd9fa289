using System.Buffers.Text;
using System.Globalization;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One cgroup v2 directory and the kernel operations on it, each a write or a read of one of its
/// files. A cgroup v1 directory (see <see cref="V1LimitCgroups"/>) uses only the reads, the writes,
/// the listing and the removal: it has no <c>cgroup.kill</c>, <c>cgroup.freeze</c> or <c>cgroup.events</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CgroupDirectory(string path)
{
    /// <summary>Room for any of the flat files read here (<c>cgroup.events</c>, <c>cpu.stat</c>, <c>memory.events</c>...).</summary>
    private const int SmallFileSize = 4096;

    /// <summary>Room on the stack for a group's path and a file name in it.</summary>
    private const int PathBufferSize = 1024;

    internal string Path => path;

    internal string ProcsFile => System.IO.Path.Combine(path, "cgroup.procs");

    /// <summary>Creates <paramref name="directory"/> with mode 0700.</summary>
    /// <exception cref="UnauthorizedAccessException">The parent is not writable.</exception>
    /// <exception cref="IOException">Another failure.</exception>
    internal static CgroupDirectory Create(string directory)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new CgroupDirectory(directory);
    }

    /// <summary>
    /// Opens the group's directory (read-only, close-on-exec), as <c>CLONE_INTO_CGROUP</c> takes it:
    /// the descriptor, or -1 with the errno in <see cref="System.Runtime.InteropServices.Marshal.GetLastPInvokeError"/>.
    /// </summary>
    internal int Open()
    {
        Span<byte> name = stackalloc byte[PathBufferSize];
        return LinuxNative.OpenDirectory(NativePath(null, name));
    }

    /// <summary>True when <c>cgroup.kill</c> exists (Linux 5.14+). A kernel feature: once seen, it is not probed again.</summary>
    internal bool CanKill => _kernelHasKill || (_kernelHasKill = File.Exists(System.IO.Path.Combine(path, "cgroup.kill")));

    // Only a "yes" is kept: a "no" may come from a group removed meanwhile.
    private static bool _kernelHasKill;

    /// <summary>True while any process is in this group or below it (<c>cgroup.events</c> "populated 1").</summary>
    internal bool IsPopulated => ReadKey("cgroup.events", "populated") == 1;

    /// <summary>Every live process in this group and its descendants.</summary>
    internal List<int> ListProcesses()
    {
        var pids = new List<int>();
        Collect(path, pids);
        return pids;
    }

    /// <summary>
    /// Kills every process in this group and below at once: <c>cgroup.kill</c>, or on kernels
    /// without it a frozen sweep (nothing can fork or exit while frozen, so nothing slips out).
    /// </summary>
    internal void KillAll()
    {
        try
        {
            if (CanKill)
            {
                Span<byte> name = stackalloc byte[PathBufferSize];
                if (LinuxNative.WriteSmallFile(NativePath("cgroup.kill", name), "1"u8) is not 0 and var error)
                {
                    throw new IOException($"Cannot write {System.IO.Path.Combine(path, "cgroup.kill")}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}.", error);
                }

                return;
            }

            SignalFrozen(SignalNames.SigKill);
        }
        catch (IOException) when (!Exists)
        {
            // Removed meanwhile (its run ended): nothing is left to kill.
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to every process, with the group frozen so the set cannot
    /// change meanwhile; a group that was suspended already stays suspended.
    /// </summary>
    internal int SignalFrozen(int signal)
    {
        try
        {
            return SignalFrozenCore(signal);
        }
        catch (IOException) when (!Exists)
        {
            return 0; // removed meanwhile: nothing is left to signal
        }
    }

    private int SignalFrozenCore(int signal)
    {
        var wasFrozen = ReadNumber("cgroup.freeze") == 1;
        if (!wasFrozen)
        {
            Freeze(true);
        }

        try
        {
            var pids = ListProcesses();
            foreach (var pid in pids)
            {
                _ = Libc.kill(pid, signal);
            }

            return pids.Count;
        }
        finally
        {
            if (!wasFrozen)
            {
                Freeze(false);
            }
        }
    }

    /// <summary>Freezes or thaws the group (<c>cgroup.freeze</c>) and waits until the kernel reports it done.</summary>
    internal void Freeze(bool frozen)
    {
        Write("cgroup.freeze", frozen ? "1" : "0");
        var want = frozen ? 1 : 0;
        var spin = new SpinWait();
        while (ReadKey("cgroup.events", "frozen") is { } state && state != want && IsPopulated)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// Waits until no process is left in the group, or <paramref name="timeout"/> passes; true when
    /// empty. Woken by the kernel's change notice on <c>cgroup.events</c> where it can be watched.
    /// </summary>
    internal Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        IsEmpty() ? Task.FromResult(true) // the usual case at a run's end: no watch to set up
        : CgroupEmptyWatch.TryWaitAsync(System.IO.Path.Combine(path, "cgroup.events"), IsEmpty, timeout, time, cancellationToken)
        ?? Polling.UntilAsync(IsEmpty, timeout, time, cancellationToken);

    /// <summary>No process is left: <c>cgroup.events</c> does not say "populated 1" (a removed group has no such file).</summary>
    private bool IsEmpty() => !IsPopulated;

    /// <summary>
    /// Removes the directory and any child groups, deepest first; true when it is gone. Only empty
    /// groups can be removed. One <c>rmdir</c> when it has no child groups, the usual case.
    /// </summary>
    internal bool TryRemove()
    {
        Span<byte> name = stackalloc byte[PathBufferSize];
        var self = NativePath(null, name);
        var error = LinuxNative.RemoveDirectory(self);
        if (error is 0 or Errno.ENOENT)
        {
            return true;
        }

        if (error != Errno.EBUSY)
        {
            return false;
        }

        // Child groups first (a group with children is busy), then this one again.
        try
        {
            foreach (var child in Directory.EnumerateDirectories(path))
            {
                new CgroupDirectory(child).TryRemove();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return LinuxNative.RemoveDirectory(self) is 0 or Errno.ENOENT;
    }

    internal bool Exists => Directory.Exists(path);

    /// <summary>True for a directory of the cgroup v2 hierarchy (every v2 group but the root has <c>cgroup.events</c>; no v1 group has).</summary>
    internal bool IsV2 => File.Exists(System.IO.Path.Combine(path, "cgroup.events"));

    /// <summary>A "key value" line of a flat-keyed file such as <c>cgroup.events</c> or <c>cpu.stat</c>; null if absent.</summary>
    internal long? ReadKey(string file, string key)
    {
        Span<byte> buffer = stackalloc byte[SmallFileSize];
        Span<byte> name = stackalloc byte[key.Length * 3];
        var text = ReadSmall(file, buffer);
        name = name[..System.Text.Encoding.UTF8.GetBytes(key, name)];
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.Length > name.Length && line.StartsWith(name) && line[name.Length] == (byte)' ' &&
                Utf8Parser.TryParse(line[(name.Length + 1)..], out long value, out var consumed) && consumed == line.Length - name.Length - 1)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A single-number file such as <c>pids.peak</c>; null if absent or "max".</summary>
    internal long? ReadNumber(string file)
    {
        Span<byte> buffer = stackalloc byte[SmallFileSize];
        var text = ReadSmall(file, buffer);
        var end = text.IndexOf((byte)'\n');
        var line = end < 0 ? text : text[..end];
        return !line.IsEmpty && Utf8Parser.TryParse(line, out long value, out var consumed) && consumed == line.Length ? value : null;
    }

    internal void Write(string file, string value) => File.WriteAllText(System.IO.Path.Combine(path, file), value);

    /// <summary>
    /// The start of one of the group's small files (empty when it cannot be read): one read into
    /// the caller's buffer, no stream and no strings, as these are read on every run's teardown.
    /// </summary>
    private ReadOnlySpan<byte> ReadSmall(string file, Span<byte> buffer)
    {
        Span<byte> name = stackalloc byte[PathBufferSize];
        var length = LinuxNative.ReadSmallFile(NativePath(file, name), buffer);
        return length > 0 ? buffer[..length] : [];
    }

    /// <summary>
    /// The NUL-terminated UTF-8 path of <paramref name="file"/> in this group (of the group itself
    /// when null), in <paramref name="buffer"/> when it fits (<see cref="PathBufferSize"/>, far
    /// beyond any cgroup path seen), else in a new array.
    /// </summary>
    private ReadOnlySpan<byte> NativePath(string? file, Span<byte> buffer)
    {
        var full = file is null ? path : System.IO.Path.Combine(path, file);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(full);
        var name = bytes < buffer.Length ? buffer : new byte[bytes + 1];
        name[System.Text.Encoding.UTF8.GetBytes(full, name)] = 0;
        return name[..(bytes + 1)];
    }

    private static void Collect(string directory, List<int> pids)
    {
        try
        {
            foreach (var line in File.ReadLines(System.IO.Path.Combine(directory, "cgroup.procs")))
            {
                if (int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                Collect(child, pids);
            }
        }
        catch (IOException)
        {
            // Removed meanwhile: nothing in it.
        }
    }
}
