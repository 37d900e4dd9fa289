using System.Buffers;
using System.Runtime.Versioning;
using System.Text;

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
    /// Every live (not zombie) process started at <paramref name="startedSince"/> or later (clock
    /// ticks since boot, see <see cref="Interop.LinuxNative.BootTimeInClockTicks"/>) whose process
    /// group is in <paramref name="groups"/> or whose environment holds <paramref name="marker"/>
    /// (an entry equal to it, or with <paramref name="prefix"/> one starting with it). Nothing that
    /// started before a container existed carries its marker, so the start time spares reading the
    /// environment of almost every process on the machine.
    /// </summary>
    internal static List<int> Find(IReadOnlyCollection<int> groups, string marker, bool prefix, long startedSince)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        var found = new List<int>();
        var self = Environment.ProcessId;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory.AsSpan()), out var pid) || pid == self)
                {
                    continue;
                }

                if (ReadStat(pid) is not { } stat || stat.State == 'Z' || stat.StartTime < startedSince)
                {
                    continue;
                }

                if (groups.Contains(stat.ProcessGroup) || HasMarker(pid, needle, buffer, prefix))
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

    /// <summary>State and process group from <c>/proc/&lt;pid&gt;/stat</c> (fields 3 and 5, after the parenthesised name).</summary>
    internal static (char State, int ProcessGroup, long StartTime)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
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
