using System.Globalization;
using System.Runtime.InteropServices;

namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>
/// A process named by its pid and start time (/proc/PID/stat field 22), so that a later process
/// that reuses the pid is never mistaken for it. Linux only.
/// </summary>
internal readonly partial record struct LinuxProcess(int Pid, ulong StartTime)
{
    /// <summary>The running process <paramref name="pid"/>; fails the test when it is not running.</summary>
    public static LinuxProcess Of(int pid)
    {
        var stat = Stat.Read(pid);
        if (stat is not { IsRunning: true })
        {
            Assert.Fail($"process {pid} should be running, but is {(stat is null ? "gone" : "in state " + stat.State)}");
        }

        return new LinuxProcess(pid, stat.StartTime);
    }

    /// <summary>
    /// True when some running process <paramref name="pid"/> has <paramref name="text"/> in its
    /// command line: for a pid learned only after the run, when its start time is no longer known.
    /// </summary>
    public static bool IsRunningWith(int pid, string text)
    {
        if (Stat.Read(pid) is not { IsRunning: true })
        {
            return false;
        }

        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True while this very process exists and has not exited.</summary>
    public bool IsRunning => Stat.Read(Pid) is { IsRunning: true } stat && stat.StartTime == StartTime;

    /// <summary>The parent's pid, or 0 when the process is gone.</summary>
    public int ParentPid => Stat.Read(Pid) is { } stat && stat.StartTime == StartTime ? stat.ParentPid : 0;

    /// <summary>Sends <paramref name="signal"/> if this very process still runs.</summary>
    public void Signal(int signal)
    {
        if (IsRunning)
        {
            _ = kill(Pid, signal);
        }
    }

    /// <summary>Cleanup after a failed test: SIGKILL if this very process still runs (never a pid reuser).</summary>
    public void KillIfRunning() => Signal(9);

    /// <summary>Waits up to <paramref name="timeout"/> for the process to be gone; true when it is.</summary>
    public async Task<bool> WaitUntilGoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public override string ToString() => $"pid {Pid} (start time {StartTime})";

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    private sealed record Stat(char State, int ParentPid, ulong StartTime)
    {
        public bool IsRunning => State is not ('Z' or 'X');

        public static Stat? Read(int pid)
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            // "pid (comm) state ppid ...": comm may hold spaces and ')', so count from the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return new Stat(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), ulong.Parse(fields[19], CultureInfo.InvariantCulture));
        }
    }
}
