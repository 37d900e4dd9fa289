using System.Runtime.InteropServices;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// A program the kernel refuses to execute because some process holds it open for writing
/// (<c>ETXTBSY</c>, "Text file busy"). A file a test has just written and closed is still held,
/// for a moment, by every child another thread forked while it was open, until that child's own
/// exec closes its copy. So a spawn that meets a busy program waits and tries again: 1 ms,
/// doubling up to 256 ms, about half a second in all, before it reports the error.
/// </summary>
internal static class BusyExecutable
{
    private const int FirstDelayMilliseconds = 1;
    private const int LastDelayMilliseconds = 256;

    /// <summary>
    /// Raised, for tests, on the spawning thread each time a program was found busy and is about
    /// to be tried again; the argument is the program's path.
    /// </summary>
    internal static event Action<string>? Retrying;

    /// <summary>
    /// Waits before the next attempt at <paramref name="path"/>, or returns false when the retries
    /// are spent. <paramref name="retry"/> counts the retries made; start it at 0.
    /// </summary>
    internal static bool WaitBeforeRetry(string path, ref int retry)
    {
        var delay = FirstDelayMilliseconds << retry;
        if (delay > LastDelayMilliseconds)
        {
            return false;
        }

        retry++;
        Retrying?.Invoke(path);
        Thread.Sleep(delay);
        return true;
    }

    /// <summary>
    /// Waits, on the same schedule, while some process holds <paramref name="file"/> open for
    /// writing (Linux; see <see cref="LinuxNative.IsOpenForWriting"/>). False when it still is once
    /// the retries are spent. For a spawn whose exec cannot be retried.
    /// </summary>
    internal static bool WaitUntilNotOpenForWriting(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path)
    {
        var retry = 0;
        while (OperatingSystem.IsLinux() && LinuxNative.IsOpenForWriting(file))
        {
            if (!WaitBeforeRetry(path, ref retry))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The error once the retries are spent.</summary>
    internal static ProcessSpawnException Error(SpawnPlan plan) =>
        new(plan.Program, plan.Arguments, Errno.ETXTBSY,
            $"{Marshal.GetPInvokeErrorMessage(Errno.ETXTBSY)}: '{plan.ExecutablePath}' is open for writing, by this process or another, and stayed so for half a second of retries");
}
