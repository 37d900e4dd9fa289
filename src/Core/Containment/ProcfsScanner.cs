using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Unicode;

namespace ProcessKit;

/// <summary>
/// Reads <c>/proc</c> for what a process group cannot tell by itself: which processes are in a
/// given process group, and which carry a container's marker in their environment (the initial
/// environment, as the kernel shows it in <c>/proc/&lt;pid&gt;/environ</c>).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ProcfsScanner
{
    /// <summary>
    /// Every live (not zombie) process created since <paramref name="since"/> whose process group
    /// is in <paramref name="groups"/> or whose environment holds <paramref name="marker"/> (an
    /// entry equal to it, or with <paramref name="prefix"/> one starting with it). Nothing created
    /// before a container existed carries its marker or joined its members' groups, so only the
    /// pids handed out since are read (see <see cref="CreatedSince"/>), and of those only the ones
    /// that started since have their environment read.
    /// </summary>
    internal static List<int> Find(IReadOnlyCollection<int> groups, string marker, bool prefix, CreatedSince since)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        var found = new List<int>();
        var self = Environment.ProcessId;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            foreach (var pid in since.Pids())
            {
                if (pid == self || ReadStat(pid) is not { } stat || stat.State == 'Z' || stat.StartTime < since.StartTime)
                {
                    continue;
                }

                if ((groups.Contains(stat.ProcessGroup) || HasMarker(pid, needle, buffer, prefix)) && LeadsThreadGroup(pid))
                {
                    found.Add(pid);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return found;
    }

    /// <summary>True when the process's initial environment holds the entry <paramref name="needle"/> (or, with <paramref name="prefix"/>, an entry starting with it).</summary>
    internal static bool HasMarker(int pid, ReadOnlySpan<byte> needle, byte[] buffer, bool prefix)
    {
        try
        {
            using var file = File.OpenHandle($"/proc/{pid}/environ");
            long offset = 0;
            var carried = 0;
            while (true)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(carried), offset);
                if (read <= 0)
                {
                    return false;
                }

                offset += read;
                var window = buffer.AsSpan(0, carried + read);
                foreach (var entry in new EntryEnumerator(window))
                {
                    if (prefix ? entry.StartsWith(needle) : entry.SequenceEqual(needle))
                    {
                        return true;
                    }
                }

                // Keep an entry cut by the end of the buffer for the next read.
                var lastNul = window.LastIndexOf((byte)0);
                carried = lastNul < 0 ? 0 : window.Length - lastNul - 1;
                if (carried >= buffer.Length / 2)
                {
                    carried = 0; // an entry longer than half the buffer is not a marker
                }

                window[^carried..].CopyTo(buffer);
            }
        }
        catch (IOException)
        {
            return false; // gone, or not ours to read
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// State, process group and start time from <c>/proc/&lt;pid&gt;/stat</c> (fields 3, 5 and 22,
    /// counted after the parenthesised name, which may hold spaces and parentheses); null when the
    /// process is gone. Read into a stack buffer: a sweep asks for many pids, some of them gone.
    /// </summary>
    internal static (char State, int ProcessGroup, long StartTime)? ReadStat(int pid)
    {
        Span<byte> path = stackalloc byte[32];
        Span<byte> text = stackalloc byte[2048];
        if (!Utf8.TryWrite(path, CultureInfo.InvariantCulture, $"/proc/{pid}/stat\0", out _))
        {
            return null;
        }

        var length = Interop.LinuxNative.ReadSmallFile(path, text);
        var close = length <= 0 ? -1 : text[..length].LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= length)
        {
            return null;
        }

        var fields = text[(close + 2)..length];
        var state = (char)fields[0];
        var processGroup = 0;
        for (var field = 0; field < 19; field++)
        {
            if (field == 2 && !Utf8Parser.TryParse(fields, out processGroup, out _))
            {
                return null;
            }

            var space = fields.IndexOf((byte)' ');
            if (space < 0)
            {
                return null;
            }

            fields = fields[(space + 1)..];
        }

        return Utf8Parser.TryParse(fields, out long startTime, out _) ? (state, processGroup, startTime) : null;
    }

    /// <summary>
    /// True when <paramref name="pid"/> is a process, not another thread of one: <c>/proc</c> lists
    /// only processes, but a pid counted out (see <see cref="CreatedSince"/>) may be a thread's,
    /// whose <c>/proc/&lt;tid&gt;</c> shows its process's group and environment. Its
    /// <c>status</c> names the process (<c>Tgid</c>, in its first lines).
    /// </summary>
    internal static bool LeadsThreadGroup(int pid)
    {
        Span<byte> path = stackalloc byte[32];
        Span<byte> text = stackalloc byte[512];
        if (!Utf8.TryWrite(path, CultureInfo.InvariantCulture, $"/proc/{pid}/status\0", out _))
        {
            return false;
        }

        var length = Interop.LinuxNative.ReadSmallFile(path, text);
        var line = length <= 0 ? -1 : text[..length].IndexOf("\nTgid:"u8);
        if (line < 0)
        {
            return false;
        }

        var value = text[(line + "\nTgid:"u8.Length)..length].TrimStart("\t "u8);
        return Utf8Parser.TryParse(value, out int tgid, out _) && tgid == pid;
    }

    /// <summary>Complete NUL-terminated entries of a window.</summary>
    private ref struct EntryEnumerator(ReadOnlySpan<byte> window)
    {
        private ReadOnlySpan<byte> _rest = window;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly EntryEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var end = _rest.IndexOf((byte)0);
            if (end < 0)
            {
                return false;
            }

            Current = _rest[..end];
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
