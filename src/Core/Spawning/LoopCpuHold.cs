using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Holds the epoll loop's thread on the CPU of the thread that last spawned a child, for a short
/// while after each spawn, then lets it run on any of its CPUs again.
/// <para>
/// Why: a starting child's first output wakes the loop, and the kernel often queues a thread that
/// runs as little as the loop does on the writer's own CPU (a pipe write is a "sync" wake-up, and
/// a lightly loaded thread is packed where work already runs), behind the starting program, while
/// another CPU is idle. The spawning thread runs on a CPU the child was not given (the kernel
/// starts a new process on another CPU than its running parent's when one is free), so a loop
/// held there is woken there: the line reaches the reader at once, not after the child's slice. Measured in
/// docs/performance.md (line readiness).
/// </para>
/// <para>
/// Only performance rides on it: a hold lost to a race between two spawns and an expiry, or a
/// failed <c>sched_setaffinity</c>, leaves the loop where the kernel puts it.
/// </para>
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class LoopCpuHold
{
    /// <summary>How long a hold lasts: long enough for a starting program's first lines, short enough that a loop busy with output is not kept on one CPU for long.</summary>
    internal const long DefaultMilliseconds = 100;

    /// <summary>Bytes of CPU mask read: 8,192 CPUs, the most a Linux kernel is built for.</summary>
    private const int MaskBytes = 1024;

    private readonly int _threadId;
    private readonly byte[] _allowed;
    private readonly long _milliseconds;

    /// <summary><see cref="Environment.TickCount64"/> when the last hold began or was renewed; 0 while the thread is free.</summary>
    private long _heldSince;

    /// <summary>The CPU of the last hold (meaningful while <see cref="_heldSince"/> is not 0).</summary>
    private volatile int _heldCpu = -1;

    private LoopCpuHold(int threadId, byte[] allowed, long milliseconds)
    {
        _threadId = threadId;
        _allowed = allowed;
        _milliseconds = milliseconds;
    }

    /// <summary>
    /// For the calling thread, with the CPUs it may run on now as the ones it returns to; null when
    /// it may run on one CPU only (nothing to choose), or its CPUs or its id cannot be read.
    /// </summary>
    internal static LoopCpuHold? ForCurrentThread(long milliseconds = DefaultMilliseconds)
    {
        var allowed = new byte[MaskBytes];
        fixed (byte* mask = allowed)
        {
            if (LinuxNative.sched_getaffinity(0, MaskBytes, mask) != 0)
            {
                return null;
            }
        }

        try
        {
            return ForThread(LinuxNative.gettid(), allowed, milliseconds);
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than gettid (glibc 2.30)
        }
    }

    /// <summary>
    /// For thread <paramref name="threadId"/>, held only on CPUs in <paramref name="allowed"/> (a
    /// mask of <c>sched_getaffinity</c>'s layout) and returned to them; null when it has fewer than two.
    /// </summary>
    internal static LoopCpuHold? ForThread(int threadId, byte[] allowed, long milliseconds)
    {
        var cpus = 0;
        foreach (var bits in allowed)
        {
            cpus += System.Numerics.BitOperations.PopCount(bits);
        }

        return cpus < 2 ? null : new LoopCpuHold(threadId, allowed, milliseconds);
    }

    /// <summary>The thread this holds.</summary>
    internal int ThreadId => _threadId;

    /// <summary>
    /// Called on a thread that has just spawned a child: holds the thread on the CPU the caller runs
    /// on, unless that CPU is not one the thread may use. One system call, no wake-up: the thread
    /// moves when it next wakes. A hold on the CPU it is held on already is only renewed.
    /// </summary>
    internal void HoldOnCallersCpu()
    {
        var cpu = LinuxNative.sched_getcpu();
        if (cpu < 0 || cpu >= MaskBytes * 8 || (_allowed[cpu / 8] & (1 << (cpu % 8))) == 0)
        {
            return;
        }

        // A release that wins the race takes the 0 first, and the hold is then made again below.
        var now = Math.Max(1, Environment.TickCount64);
        var since = Volatile.Read(ref _heldSince);
        if (since != 0 && _heldCpu == cpu && Interlocked.CompareExchange(ref _heldSince, now, since) == since)
        {
            return;
        }

        // Whole 64-bit words, as the kernel reads the mask.
        var size = ((cpu / 64) + 1) * 8;
        var mask = stackalloc byte[size];
        new Span<byte>(mask, size).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        _heldCpu = cpu;
        Volatile.Write(ref _heldSince, now);
        _ = LinuxNative.sched_setaffinity(_threadId, size, mask);
    }

    /// <summary>
    /// Called by the held thread each time it wakes: once the hold is older than its length, lets
    /// the thread run on all the CPUs it had again. <paramref name="now"/> is <see cref="Environment.TickCount64"/>.
    /// </summary>
    internal void ReleaseIfExpired(long now)
    {
        var since = Volatile.Read(ref _heldSince);
        if (since == 0 || now - since < _milliseconds || Interlocked.CompareExchange(ref _heldSince, 0, since) != since)
        {
            return;
        }

        fixed (byte* mask = _allowed)
        {
            _ = LinuxNative.sched_setaffinity(_threadId, _allowed.Length, mask);
        }
    }
}
