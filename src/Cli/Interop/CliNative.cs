using System.Runtime.InteropServices;

namespace ProcessKit.Cli.Interop;

/// <summary>
/// The few POSIX calls the tool makes itself, source-generated with <see cref="LibraryImportAttribute"/>:
/// reading process groups and the terminal for signal forwarding, and probing the kernel for
/// <c>processkit doctor</c>. Callers check the operating system first. The tool declares its own
/// rather than reaching into Core's native declarations, which are Core's alone.
/// </summary>
internal static unsafe partial class CliNative
{
    private const string LibraryName = "libc";

    // sysconf name of the clock-tick rate on Linux (glibc and musl).
    private const int ScClkTck = 2;

    // pidfd_open has the same number on every architecture (the generic syscall table, Linux 5.3).
    private const long SysPidfdOpen = 434;

    // access(2) modes: write and search (a directory one may create entries in).
    private const int WOk = 2;
    private const int XOk = 1;

    [LibraryImport(LibraryName)]
    internal static partial int getpgrp();

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int getpgid(int pid);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int tcgetpgrp(int fd);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial long sysconf(int name);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial long syscall(long number, long arg1, long arg2);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int access(byte* path, int mode);

    /// <summary>
    /// The foreground process group of this process's controlling terminal, or null when it has
    /// none (no terminal, as in CI, or it cannot be asked).
    /// </summary>
    internal static int? TerminalForegroundGroup()
    {
        try
        {
            using var terminal = File.OpenHandle("/dev/tty", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var group = tcgetpgrp((int)terminal.DangerousGetHandle());
            return group > 0 ? group : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Tries <c>pidfd_open</c> on this process: null when it works, else the error.</summary>
    internal static string? TryPidfdOpen()
    {
        var fd = (int)syscall(SysPidfdOpen, Environment.ProcessId, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return $"pidfd_open failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        }

        _ = close(fd);
        return null;
    }

    /// <summary>True when this process may create entries in <paramref name="directory"/> (<c>access(W_OK | X_OK)</c>).</summary>
    internal static bool CanWrite(string directory)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
        {
            return access(p, WOk | XOk) == 0;
        }
    }

    /// <summary>Clock ticks per second, the unit of start times in <c>/proc/PID/stat</c> (100 where it cannot be asked).</summary>
    internal static long ClockTicksPerSecond()
    {
        var ticks = sysconf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    }
}
