using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Learns when children exit and reaps them by pid, never with <c>waitpid(-1)</c> (which would
/// steal the status of children started through <see cref="System.Diagnostics.Process"/> and make
/// the runtime fail fast). One background thread serves every child: no thread per child.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal abstract class ChildReaper
{
    private static readonly Lazy<ChildReaper> Shared = new(Create);

    /// <summary>The process-wide reaper: the <see cref="EpollLoop"/> on Linux, a signal-driven sweep elsewhere.</summary>
    internal static ChildReaper Instance => Shared.Value;

    /// <summary>
    /// Watches <paramref name="pid"/>, a child of this process. When it exits,
    /// <paramref name="beforeReap"/> runs while it is still a zombie (so its pid cannot be reused),
    /// then it is reaped and the returned task completes with its status.
    /// </summary>
    internal abstract Task<ExitStatus> Watch(int pid, Action beforeReap);

    /// <summary>Reaps an exited child by pid and decodes its status.</summary>
    protected static ExitStatus Reap(int pid, Action beforeReap)
    {
        beforeReap();
        while (true)
        {
            if (Libc.waitpid(pid, out var status, 0) == pid)
            {
                return Libc.DecodeWaitStatus(status);
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                return ExitStatus.Lost; // ECHILD: the runtime (as PID 1) reaped it first.
            }
        }
    }

    /// <summary>
    /// Set to <c>portable</c>, this environment variable makes Linux use the engine's portable path
    /// (stream-read pipes, the sweeping reaper), the one macOS and old kernels use, so that path is
    /// tested on Linux too. Read once, at the first spawn.
    /// </summary>
    internal const string IoModeVariable = "PROCESSKIT_IO";

    private static ChildReaper Create() =>
        OperatingSystem.IsLinux()
        && !string.Equals(Environment.GetEnvironmentVariable(IoModeVariable), "portable", StringComparison.OrdinalIgnoreCase)
        && EpollLoop.TryCreate() is { } epoll
            ? epoll
            : new SweepingChildReaper();
}
