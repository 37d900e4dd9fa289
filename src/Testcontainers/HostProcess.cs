using System.Globalization;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>Whether the test host that labelled a container still runs: its pid, with the same start time (pids are reused).</summary>
internal static class HostProcess
{
    /// <summary>The start time of process <paramref name="pid"/> in clock ticks since boot (field 22 of /proc/PID/stat), or null when it does not run (or this is not Linux).</summary>
    internal static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when the host the labels name is gone (no such pid, or a pid with another start time).</summary>
    internal static bool IsGone(string? pidLabel, string? startLabel)
    {
        if (!int.TryParse(pidLabel, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        var now = StartTicks(pid);
        return now is null || (long.TryParse(startLabel, NumberStyles.None, CultureInfo.InvariantCulture, out var then) && then != now);
    }
}
