using System.Globalization;
using System.Text;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>The fields of /proc/PID/stat that the tests need (Linux).</summary>
internal sealed record ProcStat(int Pid, char State, int ParentPid, int ProcessGroupId, int SessionId, ulong StartTime)
{
    /// <summary>Neither exited (a zombie waiting to be reaped) nor dead.</summary>
    public bool IsRunning => State is not ('Z' or 'X');

    /// <summary>Reads /proc/<paramref name="pid"/>/stat, or null when there is no such process.</summary>
    public static ProcStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session ... starttime(22) ...": comm may hold spaces and
        // parentheses, so fields are counted from the last ')'. Field N is at index N - 3.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(
            pid,
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            int.Parse(fields[3], CultureInfo.InvariantCulture),
            ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>Every process in /proc right now.</summary>
    public static IEnumerable<ProcStat> All()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    /// <summary>True when the process's initial environment holds NAME=VALUE (a zombie has none).</summary>
    public static bool HasEnvironmentEntry(int pid, string name, string value)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var entry = Encoding.UTF8.GetBytes(name + "=" + value);
        foreach (var range in environ.AsSpan().Split((byte)0))
        {
            if (environ.AsSpan(range).SequenceEqual(entry))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// One process, named by its pid and its start time (/proc/PID/stat field 22), so that a later
/// process that reuses the pid is never mistaken for it.
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>The identity of the running process <paramref name="pid"/>; fails the test if it is not running.</summary>
    public static ProcessIdentity Of(int pid)
    {
        var stat = ProcStat.Read(pid);
        if (stat is not { IsRunning: true })
        {
            Assert.Fail($"process {pid} should be running, but is {stat?.State.ToString() ?? "gone"}");
        }

        return new ProcessIdentity(pid, stat.StartTime);
    }

    /// <summary>True while this very process exists and has not exited.</summary>
    public bool IsRunning => ProcStat.Read(Pid) is { IsRunning: true } stat && stat.StartTime == StartTime;

    /// <summary>Sends SIGKILL if this very process still runs (cleanup; never kills a pid reuser).</summary>
    public void KillIfRunning()
    {
        if (IsRunning)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(Pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }

    public override string ToString() => $"pid {Pid} (start time {StartTime})";
}
