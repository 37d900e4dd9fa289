using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Linux (5.3+): a pidfd per child, all registered with one epoll instance that one background
/// thread waits on. A pidfd refers to the process itself, so there is no pid-reuse race.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class EpollChildReaper : ChildReaper
{
    private const int MaxEvents = 64;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<int, Watched> _byPidfd = new();
    private readonly SweepingChildReaper _fallback = new();

    private EpollChildReaper(int epoll)
    {
        _epoll = epoll;
        var thread = new Thread(Loop) { IsBackground = true, Name = "ProcessKit child reaper" };
        thread.Start();
    }

    /// <summary>Null when the kernel has no epoll or pidfd (the caller falls back to sweeping).</summary>
    internal static EpollChildReaper? TryCreate()
    {
        var probe = LinuxNative.PidfdOpen(Environment.ProcessId);
        if (probe < 0)
        {
            return null;
        }

        _ = Libc.close(probe);
        var epoll = LinuxNative.epoll_create1(LinuxNative.EpollCloexec);
        return epoll < 0 ? null : new EpollChildReaper(epoll);
    }

    internal override Task<ExitStatus> Watch(int pid, Action beforeReap)
    {
        var pidfd = LinuxNative.PidfdOpen(pid);
        if (pidfd < 0)
        {
            // Cannot happen for our own unreaped child, short of fd exhaustion: still reap it.
            return _fallback.Watch(pid, beforeReap);
        }

        var watched = new Watched(pid, beforeReap);
        _byPidfd[pidfd] = watched;
        var ev = stackalloc byte[16];
        *(uint*)ev = LinuxNative.EpollIn;
        *(long*)(ev + LinuxNative.EpollDataOffset) = pidfd;
        if (LinuxNative.epoll_ctl(_epoll, LinuxNative.EpollCtlAdd, pidfd, ev) != 0)
        {
            _byPidfd.TryRemove(pidfd, out _);
            _ = Libc.close(pidfd);
            return _fallback.Watch(pid, beforeReap);
        }

        return watched.Exit.Task;
    }

    private void Loop()
    {
        var size = LinuxNative.EpollEventSize;
        var events = (byte*)NativeMemory.Alloc((nuint)(size * MaxEvents));
        while (true)
        {
            var count = LinuxNative.epoll_wait(_epoll, events, MaxEvents, -1);
            for (var i = 0; i < count; i++)
            {
                var pidfd = (int)*(long*)(events + (i * size) + LinuxNative.EpollDataOffset);
                if (!_byPidfd.TryRemove(pidfd, out var watched))
                {
                    continue;
                }

                _ = LinuxNative.epoll_ctl(_epoll, LinuxNative.EpollCtlDel, pidfd, null);
                _ = Libc.close(pidfd);
                watched.Complete();
            }
        }
    }

    private sealed class Watched(int pid, Action beforeReap)
    {
        internal TaskCompletionSource<ExitStatus> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal void Complete()
        {
            try
            {
                Exit.TrySetResult(Reap(pid, beforeReap));
            }
#pragma warning disable CA1031 // The reaper thread must survive anything; the waiter gets the error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Exit.TrySetException(e);
            }
        }
    }
}
