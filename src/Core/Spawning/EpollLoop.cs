using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Linux (5.3+): one background thread and one epoll instance serve every child of the process.
/// It learns of exits through pidfds (no pid-reuse race, no <c>waitpid(-1)</c>) and reads every
/// captured pipe itself, non-blocking, straight into its <see cref="OutputSink"/>: no thread per
/// child, no thread-pool hop per chunk, and one completion per pipe and per exit.
/// <para>
/// Where the loop thread runs when a child first writes matters: the kernel wakes it on the CPU it
/// last ran on when that CPU is idle, and otherwise often on the child's own CPU, behind the child
/// (a pipe write is a "sync" wake-up, which assumes the writer is about to sleep; a starting
/// program rarely is). So each spawn wakes the loop once, from the spawning thread, through a pipe
/// of its own (<see cref="WakeFromSpawner"/>): that sync wake-up draws the loop to the spawner's
/// CPU, which the child was not given while the spawner ran there. Measured in
/// docs/performance.md (line readiness).
/// </para>
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class EpollLoop : ChildReaper
{
    private const int MaxEvents = 64;
    private const int ReadChunk = 64 * 1024;

    /// <summary>Chunks read from one pipe per wake-up, so one busy child cannot starve the others.</summary>
    private const int MaxReadsPerWake = 16;

    /// <summary>The registration id of the loop's own wake-up pipe (registrations count from 1).</summary>
    private const long WakeId = 0;

    private readonly int _epoll;
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private readonly Lazy<SweepingChildReaper> _fallback = new();
    private long _lastId;

    private EpollLoop(int epoll, int wakeRead, int wakeWrite)
    {
        _epoll = epoll;
        _wakeRead = wakeRead;
        _wakeWrite = wakeWrite;
        var thread = new Thread(Loop) { IsBackground = true, Name = "ProcessKit I/O loop" };
        thread.Start();
    }

    /// <summary>The loop, or null on a platform or kernel without it (the engine then reads pipes through streams).</summary>
    internal static EpollLoop? Shared => Instance as EpollLoop;

    /// <summary>Null when the kernel has no pidfd or epoll (or no pipe for the loop's wake-ups can be made).</summary>
    internal static EpollLoop? TryCreate()
    {
        var probe = LinuxNative.PidfdOpen(Environment.ProcessId);
        if (probe < 0)
        {
            return null;
        }

        _ = Libc.close(probe);
        var epoll = LinuxNative.epoll_create1(LinuxNative.EpollCloexec);
        if (epoll < 0)
        {
            return null;
        }

        if (!LinuxNative.TryCreateNonBlockingPipe(out var wakeRead, out var wakeWrite))
        {
            _ = Libc.close(epoll);
            return null;
        }

        if (!AddForReading(epoll, wakeRead, WakeId))
        {
            _ = Libc.close(wakeRead);
            _ = Libc.close(wakeWrite);
            _ = Libc.close(epoll);
            return null;
        }

        return new EpollLoop(epoll, wakeRead, wakeWrite);
    }

    /// <summary>
    /// Called on the thread that has just spawned a child: wakes the loop from here (see the class),
    /// so that it waits for the child's output away from the child's CPU. One write to a
    /// non-blocking pipe; when the pipe is full, the loop has wake-ups to read already.
    /// </summary>
    internal void WakeFromSpawner()
    {
        byte one = 1;
        _ = LinuxNative.write(_wakeWrite, &one, 1);
    }

    internal override Task<ExitStatus> Watch(int pid, Action beforeReap)
    {
        var pidfd = LinuxNative.PidfdOpen(pid);
        if (pidfd < 0)
        {
            // Cannot happen for our own unreaped child, short of fd exhaustion: still reap it.
            return _fallback.Value.Watch(pid, beforeReap);
        }

        var exit = new ExitRegistration(pidfd, pid, beforeReap);
        if (!TryAdd(exit))
        {
            return _fallback.Value.Watch(pid, beforeReap);
        }

        WakeFromSpawner();
        return exit.Exit.Task;
    }

    /// <summary>
    /// Reads the non-blocking pipe <paramref name="readEnd"/> (which the loop now owns and closes)
    /// to its end into <paramref name="sink"/>. The returned drain completes at end-of-file, on a
    /// read error, or when abandoned.
    /// </summary>
    internal PipeDrain ReadPipe(int readEnd, OutputSink sink)
    {
        var drain = new PipeDrain(this, readEnd, sink);
        if (!TryAdd(drain))
        {
            _ = Libc.close(readEnd);
            throw new IOException($"Cannot watch a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        return drain;
    }

    /// <summary>Adds <paramref name="registration"/> to the epoll set; false (its fd still open, the caller's) when it cannot be.</summary>
    internal bool TryAdd(Registration registration)
    {
        registration.Id = Interlocked.Increment(ref _lastId);
        _registrations[registration.Id] = registration;
        if (AddForReading(_epoll, registration.Fd, registration.Id))
        {
            return true;
        }

        _registrations.TryRemove(registration.Id, out _);
        return false;
    }

    /// <summary>Adds <paramref name="fd"/> to <paramref name="epoll"/> for reading, reported with <paramref name="id"/>.</summary>
    private static bool AddForReading(int epoll, int fd, long id)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = LinuxNative.EpollIn;
        *(long*)(ev + LinuxNative.EpollDataOffset) = id;
        return LinuxNative.epoll_ctl(epoll, LinuxNative.EpollCtlAdd, fd, ev) == 0;
    }

    /// <summary>Ends a registration once: whoever removes it from the table closes its fd and completes it.</summary>
    internal void Finish(Registration registration)
    {
        if (_registrations.TryRemove(registration.Id, out _))
        {
            _ = LinuxNative.epoll_ctl(_epoll, LinuxNative.EpollCtlDel, registration.Fd, null);
            _ = Libc.close(registration.Fd);
            registration.Complete();
        }
    }

    private void Loop()
    {
        var size = LinuxNative.EpollEventSize;
        var events = (byte*)NativeMemory.Alloc((nuint)(size * MaxEvents));
        var buffer = (byte*)NativeMemory.Alloc(ReadChunk);
        while (true)
        {
            var count = LinuxNative.epoll_wait(_epoll, events, MaxEvents, -1);
            for (var i = 0; i < count; i++)
            {
                var id = *(long*)(events + (i * size) + LinuxNative.EpollDataOffset);
                if (id == WakeId)
                {
                    DrainWakeUps(buffer);
                }
                else if (_registrations.TryGetValue(id, out var registration) && registration.OnReady(buffer))
                {
                    Finish(registration);
                }
            }
        }
    }

    /// <summary>Empties the wake-up pipe: being woken was the point.</summary>
    private void DrainWakeUps(byte* buffer)
    {
        while (LinuxNative.read(_wakeRead, buffer, ReadChunk) > 0)
        {
        }
    }

    /// <summary>Something the loop waits on: an fd in the epoll set.</summary>
    internal abstract class Registration(int fd)
    {
        internal long Id { get; set; }

        internal int Fd => fd;

        /// <summary>The fd is ready; returns true when the registration is finished.</summary>
        internal abstract bool OnReady(byte* buffer);

        /// <summary>Runs once, after the fd is closed.</summary>
        internal abstract void Complete();
    }

    private sealed class ExitRegistration(int pidfd, int pid, Action beforeReap) : Registration(pidfd)
    {
        private ExitStatus _status;
        private Exception? _failure;

        internal TaskCompletionSource<ExitStatus> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal override bool OnReady(byte* buffer)
        {
            try
            {
                _status = Reap(pid, beforeReap);
            }
#pragma warning disable CA1031 // The loop thread must survive anything; the waiter gets the error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = e;
            }

            return true;
        }

        internal override void Complete()
        {
            if (_failure is null)
            {
                Exit.TrySetResult(_status);
            }
            else
            {
                Exit.TrySetException(_failure);
            }
        }
    }

    /// <summary>One pipe being read to its end.</summary>
    internal sealed class PipeDrain : Registration
    {
        private readonly EpollLoop _loop;
        private readonly OutputSink _sink;
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _abandoned;
        private Exception? _failure;

        internal PipeDrain(EpollLoop loop, int fd, OutputSink sink)
            : base(fd)
        {
            _loop = loop;
            _sink = sink;
        }

        internal Task Completion => _done.Task;

        /// <summary>Stops reading (a descendant outside the container holds the pipe): keeps what was read.</summary>
        internal void Abandon()
        {
            lock (_gate)
            {
                _abandoned = true;
            }

            _loop.Finish(this);
        }

        internal override bool OnReady(byte* buffer)
        {
            lock (_gate)
            {
                if (_abandoned)
                {
                    return false;
                }

                for (var reads = 0; reads < MaxReadsPerWake; reads++)
                {
                    var read = LinuxNative.read(Fd, buffer, ReadChunk);
                    if (read > 0)
                    {
                        try
                        {
                            _sink.Write(new ReadOnlySpan<byte>(buffer, (int)read));
                        }
#pragma warning disable CA1031 // The loop thread serves every child: a failure is this run's, never the loop's.
                        catch (Exception e)
#pragma warning restore CA1031
                        {
                            _failure = e;
                            return true;
                        }

                        continue;
                    }

                    if (read == 0)
                    {
                        return true; // end of file: every writer has closed its end
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EAGAIN)
                    {
                        return false;
                    }

                    if (errno != Errno.EINTR)
                    {
                        _failure = new IOException($"Reading a child's output failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
                        return true;
                    }
                }

                return false; // more to read: epoll is level-triggered and will report it again
            }
        }

        internal override void Complete()
        {
            _sink.Complete();
            if (_failure is null)
            {
                _done.TrySetResult();
            }
            else
            {
                _done.TrySetException(_failure);
            }
        }
    }
}
