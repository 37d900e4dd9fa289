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
/// Where the loop thread runs when a child first writes matters: each spawn holds it on the
/// spawning thread's CPU for a while (<see cref="LoopCpuHold"/>), away from the starting child.
/// </para>
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class EpollLoop : ChildReaper
{
    private const int MaxEvents = 64;
    private const int ReadChunk = 64 * 1024;

    /// <summary>Chunks read from one pipe per wake-up, so one busy child cannot starve the others.</summary>
    private const int MaxReadsPerWake = 16;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private readonly Lazy<SweepingChildReaper> _fallback = new();
    private long _lastId;

    /// <summary>Set by the loop thread as it starts; null until then, or where there is nothing to hold.</summary>
    private volatile LoopCpuHold? _cpuHold;

    private EpollLoop(int epoll)
    {
        _epoll = epoll;
        var thread = new Thread(Loop) { IsBackground = true, Name = "ProcessKit I/O loop" };
        thread.Start();
    }

    /// <summary>The loop, or null on a platform or kernel without it (the engine then reads pipes through streams).</summary>
    internal static EpollLoop? Shared => Instance as EpollLoop;

    /// <summary>Null when the kernel has no pidfd or epoll.</summary>
    internal static EpollLoop? TryCreate()
    {
        var probe = LinuxNative.PidfdOpen(Environment.ProcessId);
        if (probe < 0)
        {
            return null;
        }

        _ = Libc.close(probe);
        var epoll = LinuxNative.epoll_create1(LinuxNative.EpollCloexec);
        return epoll < 0 ? null : new EpollLoop(epoll);
    }

    /// <summary>The loop thread's hold on a CPU; null until the thread has started, or where it may use one CPU only.</summary>
    internal LoopCpuHold? CpuHold => _cpuHold;

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

        _cpuHold?.HoldOnCallersCpu();
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
        var ev = stackalloc byte[16];
        *(uint*)ev = LinuxNative.EpollIn;
        *(long*)(ev + LinuxNative.EpollDataOffset) = registration.Id;
        if (LinuxNative.epoll_ctl(_epoll, LinuxNative.EpollCtlAdd, registration.Fd, ev) == 0)
        {
            return true;
        }

        _registrations.TryRemove(registration.Id, out _);
        return false;
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
        var hold = _cpuHold = LoopCpuHold.ForCurrentThread();
        while (true)
        {
            var count = LinuxNative.epoll_wait(_epoll, events, MaxEvents, -1);
            hold?.ReleaseIfExpired(Environment.TickCount64);
            for (var i = 0; i < count; i++)
            {
                var id = *(long*)(events + (i * size) + LinuxNative.EpollDataOffset);
                if (_registrations.TryGetValue(id, out var registration) && registration.OnReady(buffer))
                {
                    Finish(registration);
                }
            }
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
