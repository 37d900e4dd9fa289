using System.Diagnostics;
using System.Globalization;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// Waits and checks on processes for the engine tests. Every wait polls for a condition (a file
/// appearing, a process disappearing) and is bounded, so a broken engine fails a test instead of
/// hanging it; none of them asserts how long anything took.
/// </summary>
internal static class ProcessAssert
{
    /// <summary>The bound on waiting for something that should happen almost at once.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, failing after <see cref="WaitLimit"/> or as
    /// soon as <paramref name="running"/> (the verb that should make it hold) has completed without it.
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, Task? running = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (running is { IsCompleted: true } && !condition())
            {
                var outcome = running.IsFaulted ? running.Exception!.InnerException!.ToString() : running.Status.ToString();
                Assert.Fail($"Waiting for {what}, but the run ended first: {outcome}");
            }

            if (waited.Elapsed > WaitLimit)
            {
                Assert.Fail($"Gave up waiting for {what} after {WaitLimit.TotalSeconds} s.");
            }

            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="path"/> exists (the helper writes its files atomically).</summary>
    public static Task WaitForFileAsync(string path, Task? running = null) =>
        WaitUntilAsync(() => File.Exists(path), $"file '{path}'", running);

    /// <summary>Waits for the pid file a helper writes and returns the identity of that running process.</summary>
    public static async Task<ProcessIdentity> WaitForPidFileAsync(string path, Task? running = null)
    {
        await WaitForFileAsync(path, running);
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        return ProcessIdentity.Of(int.Parse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>Fails unless <paramref name="process"/> is gone now (exited, reaped, or its pid reused).</summary>
    public static void Gone(ProcessIdentity process) =>
        Assert.False(process.IsRunning, $"{process} should be gone, but it is still running");

    /// <summary>
    /// Waits until <paramref name="process"/> is gone: a SIGKILL sent to a process that is not our
    /// child takes effect asynchronously, so a verb may return a moment before its grandchild dies.
    /// </summary>
    public static Task GoneSoonAsync(ProcessIdentity process) =>
        WaitUntilAsync(() => !process.IsRunning, $"{process} to be gone");

    /// <summary>The running processes whose environment holds NAME=VALUE.</summary>
    public static List<ProcessIdentity> RunningWithEnvironment(string name, string value) =>
        [.. ProcStat.All()
            .Where(stat => stat.IsRunning && stat.Pid != Environment.ProcessId && ProcStat.HasEnvironmentEntry(stat.Pid, name, value))
            .Select(stat => new ProcessIdentity(stat.Pid, stat.StartTime))];

    /// <summary>Zombie children of this process: exited, never reaped.</summary>
    public static List<int> OurZombies() =>
        [.. ProcStat.All().Where(stat => stat.ParentPid == Environment.ProcessId && stat.State == 'Z').Select(stat => stat.Pid)];

    /// <summary>How many file descriptors this process has open.</summary>
    public static int OpenFileDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>How many threads this process has.</summary>
    public static int ThreadCount()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/status has no Threads line");
    }

    /// <summary>True when <paramref name="signal"/> is pending for the process (thread or shared), i.e. not yet delivered.</summary>
    public static bool IsSignalPending(int pid, int signal)
    {
        var bit = 1UL << (signal - 1);
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if ((line.StartsWith("SigPnd:", StringComparison.Ordinal) || line.StartsWith("ShdPnd:", StringComparison.Ordinal))
                && (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & bit) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
