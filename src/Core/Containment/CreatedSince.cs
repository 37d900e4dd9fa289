using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Enumeration;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// The processes that can have been created since a moment (a container's creation): those whose
/// start time is not earlier and, where it can be proven, only those whose pid the kernel has
/// handed out since. A <c>/proc</c> sweep for a container's marker then reads the <c>stat</c> of
/// those few pids instead of every process on the machine, so its cost does not grow with the
/// machine's process count.
/// </summary>
/// <remarks>
/// <para>
/// Linux hands out pids in rising order: each new one is the first free pid after the last one
/// handed out, wrapping from <c>pid_max - 1</c> to the bottom (<c>alloc_pid</c>,
/// <c>idr_alloc_cyclic</c>). So every pid handed out since the mark lies in the ring interval
/// (last pid at the mark, last pid now], a wrap-around included, unless the allocation cursor went
/// round the whole ring meanwhile. To go round it must pass every position of the ring, and each
/// position it passes is either handed out (at most F + T1: F the forks counted by <c>/proc/stat</c>
/// between the two readings, T1 the tasks now, a bound on forks under way while it was read) or
/// skipped as in use (at most T0, the tasks at the mark, plus those handed out since). While
/// 2 (F + T1) + T0 is below the ring's size the cursor cannot have gone round and the interval
/// holds; otherwise every process on the machine is looked at, as without the bound.
/// </para>
/// <para>
/// Start times only grow, so that bound holds whatever happened to pids. Out of reach of the pid
/// bound (as a cleared environment is out of reach of the marker): a descendant with
/// <c>CAP_SYS_ADMIN</c> that picks its own pid (<c>clone3</c>'s <c>set_tid</c>, a write to
/// <c>ns_last_pid</c>), and forks that fail after taking a pid (a pids-controller limit) in numbers
/// near the ring's size within the window: they move the cursor without being counted.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class CreatedSince
{
    /// <summary>Up to this many pids in the interval are asked for one by one; a wider interval is filtered from a listing of <c>/proc</c>.</summary>
    internal const int ProbeLimit = 64;

    private const int ReservedPids = 300; // where pid allocation wraps to (RESERVED_PIDS)

    /// <summary>True when <c>/proc</c> shows this process's pid namespace, the one whose last pid <c>/proc/loadavg</c> gives.</summary>
    private static readonly bool ProcfsIsOurs = ShowsOurNamespace();

    private readonly Counters? _mark;

    private CreatedSince(long startTime, Counters? mark)
    {
        StartTime = startTime;
        _mark = mark;
    }

    /// <summary>Clock ticks since boot (<see cref="LinuxNative.BootTimeInClockTicks"/>), a tick before the mark: a process that started earlier was not created since.</summary>
    internal long StartTime { get; }

    /// <summary>Marks now.</summary>
    internal static CreatedSince Mark()
    {
        var startTime = LinuxNative.BootTimeInClockTicks() - 1;
        return new(startTime, ProcfsIsOurs ? Counters.Read(forksFirst: true) : null);
    }

    /// <summary>The pids to look at: those handed out since the mark, or every process when that bound cannot be proven.</summary>
    internal IEnumerable<int> Pids() =>
        _mark is { } mark && Counters.Read(forksFirst: false) is { } now && !MayHaveGoneRound(mark, now)
            ? Interval(mark.LastPid, now.LastPid, Math.Max(mark.PidMax, now.PidMax), ProbeLimit)
            : Listed(static _ => true);

    /// <summary>True when the allocation cursor may have passed the whole ring between the two readings (see the remarks).</summary>
    internal static bool MayHaveGoneRound(Counters mark, Counters now)
    {
        var ring = (long)Math.Min(mark.PidMax, now.PidMax) - ReservedPids;
        var forks = now.Forks - mark.Forks;
        return forks < 0 || (2 * (forks + now.Tasks)) + mark.Tasks >= ring;
    }

    /// <summary>
    /// The live processes whose pid is in the ring interval (<paramref name="after"/>,
    /// <paramref name="through"/>] of pids below <paramref name="pidMax"/>: up to
    /// <paramref name="probeLimit"/> pids are counted out (a caller asks for each), more are
    /// filtered from a listing of <c>/proc</c>.
    /// </summary>
    internal static IEnumerable<int> Interval(int after, int through, int pidMax, int probeLimit)
    {
        var wraps = through < after;
        var length = wraps ? pidMax - 1 - after + through : through - after;
        return length <= probeLimit
            ? CountedOut(after, length, pidMax)
            : Listed(pid => wraps ? pid > after || pid <= through : pid > after && pid <= through);
    }

    private static IEnumerable<int> CountedOut(int after, int length, int pidMax)
    {
        var pid = after;
        for (var i = 0; i < length; i++)
        {
            pid = pid + 1 >= pidMax ? 1 : pid + 1;
            yield return pid;
        }
    }

    /// <summary>The pids listed in <c>/proc</c> that pass <paramref name="include"/>, without a string per entry.</summary>
    private static FileSystemEnumerable<int> Listed(Func<int, bool> include) =>
        new("/proc", static (ref entry) => int.Parse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture), new EnumerationOptions { AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref entry) =>
                entry.IsDirectory && int.TryParse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && include(pid),
        };

    private static bool ShowsOurNamespace()
    {
        try
        {
            return new DirectoryInfo("/proc/self").LinkTarget == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The kernel's counters the pid bound is drawn from.</summary>
    /// <param name="Forks">Forks since boot (<c>processes</c> in <c>/proc/stat</c>; threads count, failed forks do not).</param>
    /// <param name="Tasks">Tasks (threads) alive on the machine (<c>/proc/loadavg</c>).</param>
    /// <param name="LastPid">The last pid handed out in this pid namespace (<c>/proc/loadavg</c>).</param>
    /// <param name="PidMax">One above the highest pid (<c>/proc/sys/kernel/pid_max</c>).</param>
    internal readonly record struct Counters(long Forks, int Tasks, int LastPid, int PidMax)
    {
        /// <summary>
        /// Reads the counters, the fork count first at a mark and last after it, so that every fork
        /// between the two last-pid readings is counted. Null when one cannot be read.
        /// </summary>
        internal static Counters? Read(bool forksFirst)
        {
            var forks = forksFirst ? ReadForks() : 0;
            Span<byte> buffer = stackalloc byte[128];
            var length = LinuxNative.ReadSmallFile("/proc/loadavg\0"u8, buffer);
            if (length <= 0 || !TryParseLoadAverage(buffer[..length], out var tasks, out var lastPid))
            {
                return null;
            }

            length = LinuxNative.ReadSmallFile("/proc/sys/kernel/pid_max\0"u8, buffer);
            if (length <= 0 || !Utf8Parser.TryParse(buffer[..length], out int pidMax, out _))
            {
                return null;
            }

            if (!forksFirst)
            {
                forks = ReadForks();
            }

            return forks < 0 ? null : new Counters(forks, tasks, lastPid, pidMax);
        }

        /// <summary>Tasks and last pid from <c>/proc/loadavg</c>: "0.10 0.20 0.30 1/123 4567".</summary>
        internal static bool TryParseLoadAverage(ReadOnlySpan<byte> text, out int tasks, out int lastPid)
        {
            tasks = lastPid = 0;
            var slash = text.IndexOf((byte)'/');
            if (slash < 0)
            {
                return false;
            }

            var rest = text[(slash + 1)..];
            return Utf8Parser.TryParse(rest, out tasks, out var consumed)
                && consumed < rest.Length
                && Utf8Parser.TryParse(rest[(consumed + 1)..], out lastPid, out _);
        }

        /// <summary>The <c>processes</c> line of <c>/proc/stat</c>, or -1.</summary>
        private static long ReadForks()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            try
            {
                var length = LinuxNative.ReadSmallFile("/proc/stat\0"u8, buffer);
                var text = buffer.AsSpan(0, Math.Max(length, 0));
                var line = text.IndexOf("\nprocesses "u8);
                return line >= 0 && Utf8Parser.TryParse(text[(line + "\nprocesses "u8.Length)..], out long forks, out _) ? forks : -1;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
