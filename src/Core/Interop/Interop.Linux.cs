using System.Runtime.InteropServices;

namespace ProcessKit.Interop;

/// <summary>Linux-only calls: pidfd and epoll, used to learn of child exits without a thread per child.</summary>
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

    internal const int OCloexec = 0x80000;
    private const int FSetFl = 4;
    private const int FGetFl = 3;
    private const int ONonblock = 0x800;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nint count);

    /// <summary>
    /// A close-on-exec pipe whose read end (for this process) is non-blocking and whose write end
    /// (for the child) stays blocking, as programs expect of their standard output.
    /// </summary>
    internal static (int ReadEnd, int WriteEnd) CreateReadPipe()
    {
        var fds = stackalloc int[2];
        if (pipe2(fds, OCloexec) != 0)
        {
            throw new IOException($"Cannot create a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        var flags = fcntl(fds[0], FGetFl, 0);
        _ = fcntl(fds[0], FSetFl, flags | ONonblock);
        return (fds[0], fds[1]);
    }

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
}
