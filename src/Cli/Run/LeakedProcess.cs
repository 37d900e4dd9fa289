using System.Diagnostics;
using System.Globalization;
using System.Text;
using ProcessKit.Cli.Interop;

namespace ProcessKit.Cli;

/// <summary>
/// A process still alive in the group after the program exited: its pid, how long it has run,
/// and its command line (arguments that look secret redacted, as everywhere in ProcessKit).
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="Age">How long it has been running, or null where that cannot be learned.</param>
/// <param name="CommandLine">Its command line; a process without one (a kernel thread, a process exiting) shows its name in brackets.</param>
internal sealed record LeakedProcess(int Pid, TimeSpan? Age, string CommandLine)
{
    /// <summary>
    /// Looks <paramref name="pid"/> up now. Null when it is gone or has already exited (a zombie
    /// is dead; only its parent's wait is missing), so a process that ends while the report is
    /// being made is not reported.
    /// </summary>
    internal static LeakedProcess? Read(int pid) => OperatingSystem.IsLinux() ? ReadProc(pid) : ReadPortable(pid);

    /// <summary>Linux: <c>/proc/PID/stat</c> for the state and start time, <c>/proc/PID/cmdline</c> for the arguments.</summary>
    private static LeakedProcess? ReadProc(int pid)
    {
        var directory = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
        string stat;
        byte[] commandLine;
        try
        {
            stat = File.ReadAllText(directory + "/stat");
            commandLine = File.ReadAllBytes(directory + "/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ... starttime(22) ...": comm may hold spaces and parentheses, so
        // fields are counted from the last ')'. Field N is at index N - 3 after it.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length)
        {
            return null;
        }

        var name = stat[(open + 1)..close];
        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] is "Z" or "X" or "x")
        {
            return null;
        }

        TimeSpan? age = null;
        if (ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks) && SecondsSinceBoot() is { } uptime)
        {
            var started = (double)startTicks / CliNative.ClockTicksPerSecond();
            age = TimeSpan.FromSeconds(Math.Max(0, uptime - started));
        }

        return new LeakedProcess(pid, age, FormatCommandLine(commandLine, name));
    }

    /// <summary>Elsewhere: what <see cref="Process"/> can tell (the start time and the program name).</summary>
    private static LeakedProcess? ReadPortable(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return null;
            }

            return new LeakedProcess(pid, DateTime.Now - process.StartTime, "[" + process.ProcessName + "]");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The NUL-separated arguments of <c>/proc/PID/cmdline</c> as one line, quoted and redacted by
    /// <see cref="Command.ToString"/>; <c>[name]</c> when there are none, as <c>ps</c> shows them.
    /// Control characters are escaped (<c>\n</c>) so that one process is one line of the report, and a
    /// line longer than <see cref="MaxCommandLineLength"/> is cut, ending in "...".
    /// </summary>
    internal static string FormatCommandLine(ReadOnlySpan<byte> commandLine, string name)
    {
        var arguments = Encoding.UTF8.GetString(commandLine.TrimEnd((byte)0)).Split('\0');
        if (arguments.Length == 0 || arguments[0].Length == 0)
        {
            return "[" + name + "]";
        }

        var line = EscapeControlCharacters(new Command(arguments[0], arguments[1..]).ToString());
        return line.Length <= MaxCommandLineLength ? line : string.Concat(line.AsSpan(0, MaxCommandLineLength - 3), "...");
    }

    /// <summary>How many characters of a command line the report shows.</summary>
    internal const int MaxCommandLineLength = 200;

    private static string EscapeControlCharacters(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                '\r' => builder.Append("\\r"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static double? SecondsSinceBoot()
    {
        try
        {
            var uptime = File.ReadAllText("/proc/uptime");
            var end = uptime.IndexOf(' ', StringComparison.Ordinal);
            return double.TryParse(end < 0 ? uptime : uptime[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
