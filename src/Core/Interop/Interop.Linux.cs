using System.Runtime.InteropServices;

namespace ProcessKit.Interop;

/// <summary>Linux-only calls: pidfd and epoll, used to learn of child exits without a thread per child; pipes; file leases.</summary>
internal static unsafe partial class LinuxNative
{
    private const string LibraryName = "libc";

    // pidfd_open has the same number on every architecture (the generic syscall table, Linux 5.3).
    private const long SysPidfdOpen = 434;

    internal const int EpollCloexec = 0x80000;
    internal const int EpollCtlAdd = 1;
    internal const int EpollCtlDel = 2;
    internal const uint EpollIn = 0x001;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial long syscall(long number, long arg1, long arg2);

    internal static int PidfdOpen(int pid) => (int)syscall(SysPidfdOpen, pid, 0);

    // pidfd_send_signal(pidfd, sig, info, flags), Linux 5.1, the same number everywhere.
    private const long SysPidfdSendSignal = 424;

    [LibraryImport(LibraryName, EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall4(long number, long arg1, long arg2, long arg3, long arg4);

    /// <summary>Signals the process a pidfd refers to: never a process that reused its pid.</summary>
    internal static int PidfdSendSignal(int pidfd, int signal) => (int)syscall4(SysPidfdSendSignal, pidfd, signal, 0, 0);

    // PIDFD_SIGNAL_PROCESS_GROUP, Linux 6.9: the signal goes to the process group the pidfd's process led.
    private const long PidfdSignalProcessGroup = 4;

    /// <summary>
    /// Signals the process group led by the process a pidfd refers to (Linux 6.9+), even after that
    /// process was reaped: the group is found through the pidfd's own struct pid, never by number,
    /// so a group that reused the id is never hit. 0 on success; -1 with ESRCH once nothing is left
    /// in the group, EINVAL on a kernel without the flag.
    /// </summary>
    internal static int PidfdSendSignalToGroup(int pidfd, int signal) => (int)syscall4(SysPidfdSendSignal, pidfd, signal, 0, PidfdSignalProcessGroup);

    private const short PollIn = 1;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int poll(long* fds, nuint count, int timeout);

    /// <summary>True when the process a pidfd refers to has exited (the pidfd is readable).</summary>
    internal static bool HasExited(int pidfd)
    {
        long entry = (uint)pidfd | ((long)PollIn << 32);
        return poll(&entry, 1, 0) > 0 && (short)(entry >> 48) != 0;
    }

    /// <summary>Waits until every pidfd in <paramref name="pidfds"/> reports its process has exited, or the timeout passes.</summary>
    internal static void WaitForExits(IReadOnlyList<int> pidfds, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var pending = pidfds.ToList();
        while (pending.Count > 0)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return;
            }

            // struct pollfd { int fd; short events; short revents; } is 8 bytes everywhere (little-endian here).
            var fds = new long[pending.Count];
            for (var i = 0; i < pending.Count; i++)
            {
                fds[i] = (uint)pending[i] | ((long)PollIn << 32);
            }

            int ready;
            fixed (long* first = fds)
            {
                ready = poll(first, (nuint)fds.Length, (int)Math.Min(remaining, int.MaxValue));
            }

            if (ready <= 0)
            {
                continue; // timeout (checked above) or EINTR
            }

            var still = new List<int>(pending.Count);
            for (var i = 0; i < pending.Count; i++)
            {
                if ((short)(fds[i] >> 48) == 0)
                {
                    still.Add(pending[i]);
                }
            }

            pending = still;
        }
    }

    private const int ClockBoottime = 7;
    private const int ScClkTck = 2;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int clock_gettime(int clock, long* timespec);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial long sysconf(int name);

    /// <summary>
    /// Now, in the unit and on the clock of a process's start time in <c>/proc/&lt;pid&gt;/stat</c>:
    /// clock ticks since boot (<c>CLOCK_BOOTTIME</c>, in the time namespace <c>/proc</c> uses too).
    /// </summary>
    internal static long BootTimeInClockTicks()
    {
        var timespec = stackalloc long[2]; // struct timespec on 64-bit Linux: tv_sec, tv_nsec
        if (clock_gettime(ClockBoottime, timespec) != 0)
        {
            return 0;
        }

        var hertz = sysconf(ScClkTck);
        return (timespec[0] * hertz) + (timespec[1] * hertz / 1_000_000_000);
    }

    internal const int OCloexec = 0x80000;
    private const int FDupFdCloexec = 1030;
    private const int FSetFl = 4;
    private const int ONonblock = 0x800;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(LibraryName, EntryPoint = "open", SetLastError = true)]
    private static partial int OpenNative(byte* path, int flags);

    [LibraryImport(LibraryName, EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    private const int ODirectory = 0x10000;

    /// <summary>Opens the directory <paramref name="path"/> (NUL-terminated) read-only and close-on-exec: its descriptor, or -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    internal static int OpenDirectory(ReadOnlySpan<byte> path) => Open(path, ODirectory | OCloexec); // O_RDONLY is 0

    /// <summary><c>open</c>, again when a signal interrupted it: the descriptor, or -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    private static int Open(ReadOnlySpan<byte> path, int flags)
    {
        fixed (byte* p = path)
        {
            int fd;
            do
            {
                fd = OpenNative(p, flags);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
            return fd;
        }
    }

    private const int OWriteOnly = 1;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nint count);

    /// <summary>The calling thread's id (its pid in <c>/proc/self/task</c>).</summary>
    [LibraryImport(LibraryName)]
    internal static partial int gettid();

    /// <summary>The CPU the calling thread runs on; -1 when the C library cannot tell.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int sched_getcpu();

    /// <summary>The CPUs thread <paramref name="threadId"/> (0: the caller) may run on, as a bit mask of <paramref name="size"/> bytes.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int sched_getaffinity(int threadId, nint size, byte* mask);

    /// <summary>Restricts thread <paramref name="threadId"/> (0: the caller) to the CPUs in <paramref name="mask"/>.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int sched_setaffinity(int threadId, nint size, byte* mask);

    [LibraryImport(LibraryName, EntryPoint = "rmdir", SetLastError = true)]
    private static partial int RemoveDirectoryNative(byte* path);

    /// <summary>
    /// Writes <paramref name="content"/> to the existing file <paramref name="path"/> (a cgroup
    /// control file) in one <c>write</c>: 0, or the errno. Three system calls where a .NET file
    /// write makes eight, as one is made at the end of every contained run.
    /// </summary>
    /// <param name="path">The path, NUL-terminated.</param>
    /// <param name="content">What to write.</param>
    internal static int WriteSmallFile(ReadOnlySpan<byte> path, ReadOnlySpan<byte> content)
    {
        var fd = Open(path, OWriteOnly | OCloexec);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        nint written;
        fixed (byte* c = content)
        {
            do
            {
                written = write(fd, c, content.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        }

        var error = written < 0 ? Marshal.GetLastPInvokeError() : 0;
        _ = CloseNative(fd);
        return error;
    }

    /// <summary>Removes the directory <paramref name="path"/> (NUL-terminated): 0, or the errno.</summary>
    internal static int RemoveDirectory(ReadOnlySpan<byte> path)
    {
        fixed (byte* p = path)
        {
            return RemoveDirectoryNative(p) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>
    /// Reads the start of a small file (a <c>/proc</c> entry) into <paramref name="buffer"/>: the
    /// number of bytes read, or -1 when it cannot be opened or read (a process gone, not ours to
    /// read). No exception and no allocation: a <c>/proc</c> sweep reads many such files, and many
    /// of the processes it asks for are gone.
    /// </summary>
    /// <param name="path">The path, NUL-terminated.</param>
    /// <param name="buffer">Where the bytes go; a file longer than it is cut.</param>
    internal static int ReadSmallFile(ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        var fd = Open(path, OCloexec); // O_RDONLY is 0
        if (fd < 0)
        {
            return -1;
        }

        var total = 0;
        fixed (byte* b = buffer)
        {
            while (total < buffer.Length)
            {
                var count = read(fd, b + total, buffer.Length - total);
                if (count < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                    continue;
                }

                if (count <= 0)
                {
                    total = count < 0 ? -1 : total;
                    break;
                }

                total += (int)count;
            }
        }

        _ = CloseNative(fd);
        return total;
    }

    private const int FSetLease = 1024;
    private const int FReadLease = 0; // F_RDLCK
    private const int FNoLease = 2; // F_UNLCK

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int fstatfs(int fd, byte* buffer);

    /// <summary>
    /// True when some process holds the file open for writing, the state in which the kernel
    /// refuses to execute it (<c>ETXTBSY</c>). Linux grants a read lease only on a file nobody has
    /// open for writing, so this takes one on <paramref name="readOnly"/> and releases it at once.
    /// False when that cannot tell: a file system whose leases are not the kernel's own (NFS, for
    /// one, refuses a lease it holds no delegation for), or no lease for another reason (not the
    /// file's owner, leases disabled). Then the exec will tell.
    /// </summary>
    internal static bool IsOpenForWriting(Microsoft.Win32.SafeHandles.SafeFileHandle readOnly)
    {
        var fd = (int)readOnly.DangerousGetHandle();
        if (!HasKernelLeases(fd))
        {
            return false;
        }

        if (fcntl(fd, FSetLease, FReadLease) == 0)
        {
            _ = fcntl(fd, FSetLease, FNoLease);
            return false;
        }

        return Marshal.GetLastPInvokeError() == Errno.EAGAIN;
    }

    /// <summary>True for the local file systems whose leases are the kernel's generic ones.</summary>
    private static bool HasKernelLeases(int fd)
    {
        var buffer = stackalloc byte[256]; // struct statfs: 120 bytes on 64-bit Linux, f_type first
        if (fstatfs(fd, buffer) != 0)
        {
            return false;
        }

        return (long)*(nint*)buffer switch
        {
            0xEF53 => true, // ext2, ext3, ext4
            0x58465342 => true, // xfs
            0x9123683E => true, // btrfs
            0x01021994 => true, // tmpfs
            0x794C7630 => true, // overlayfs
            0xF2F52010 => true, // f2fs
            0x2FC12FC1 => true, // zfs
            _ => false,
        };
    }

    /// <summary>
    /// A close-on-exec pipe whose read end (for this process) is non-blocking and whose write end
    /// (for the child) stays blocking, as programs expect of their standard output.
    /// </summary>
    internal static (int ReadEnd, int WriteEnd) CreateReadPipe()
    {
        var (readEnd, writeEnd) = CreatePipe();
        // A new pipe's read end has no status flag set (close-on-exec is a descriptor flag), so
        // there is nothing to read back before setting this one.
        _ = fcntl(readEnd, FSetFl, ONonblock);
        return (readEnd, writeEnd);
    }

    /// <summary>A close-on-exec pipe, both ends blocking.</summary>
    internal static (int ReadEnd, int WriteEnd) CreatePipe()
    {
        var fds = stackalloc int[2];
        if (pipe2(fds, OCloexec) != 0)
        {
            throw new IOException($"Cannot create a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        return (fds[0], fds[1]);
    }

    /// <summary>A close-on-exec duplicate of <paramref name="fd"/> numbered <paramref name="lowest"/> or above; -1 on failure.</summary>
    internal static int DuplicateAtOrAbove(int fd, int lowest) => fcntl(fd, FDupFdCloexec, lowest);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeout);

    /// <summary>
    /// <c>struct epoll_event</c> is packed (12 bytes) on x86 and x86-64 and naturally aligned
    /// (16 bytes) elsewhere; it is laid out by hand so one code path serves both.
    /// </summary>
    internal static int EpollEventSize { get; } = IsPackedEpollEvent ? 12 : 16;

    internal static int EpollDataOffset { get; } = IsPackedEpollEvent ? 4 : 8;

    private static bool IsPackedEpollEvent =>
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    internal const int InotifyNonblock = 0x800;
    internal const int InotifyCloexec = 0x80000;
    internal const uint InotifyModify = 0x2;

    /// <summary>An inotify instance (Linux 2.6.27+): cgroup v2 reports changes of <c>cgroup.events</c> through it.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int inotify_init1(int flags);

    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int inotify_add_watch(int fd, string path, uint mask);
}
