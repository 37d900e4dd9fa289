using System.Globalization;

namespace Integration.NUnit.Infrastructure;

/// <summary>
/// Processes seen running, identified by pid and start time (so a reused pid is not mistaken for
/// one of them), and the check that none of them still runs. Linux: reads /proc.
/// </summary>
internal sealed class ProcessTree
{
    private readonly List<(int Pid, string StartTime)> _processes = [];

    /// <summary>How many processes were seen.</summary>
    public int Count => _processes.Count;

    /// <summary>Remembers the processes <paramref name="pids"/> that run now.</summary>
    public ProcessTree Add(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            if (Read(pid) is { Running: true } stat)
            {
                _processes.Add((pid, stat.StartTime));
            }
        }

        return this;
    }

    /// <summary>The remembered processes that still run (a zombie has ended: it is only waiting for its parent).</summary>
    public IReadOnlyList<int> StillRunning() =>
        [.. _processes.Where(p => Read(p.Pid) is { Running: true } stat && stat.StartTime == p.StartTime).Select(p => p.Pid)];

    /// <summary>Fails unless every remembered process has ended.</summary>
    public void AssertAllGone() =>
        Assert.That(StillRunning(), Is.Empty, "processes that should have been stopped are still running");

    /// <summary>The running processes whose environment holds <paramref name="name"/>=<paramref name="value"/>.</summary>
    public static IReadOnlyList<int> RunningWithEnvironment(string name, string value)
    {
        var entry = $"{name}={value}";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { Running: true }
                && ReadEnvironment(pid).Contains(entry))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static string[] ReadEnvironment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static (bool Running, string StartTime)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var state = fields[0];
        return (state is not ("Z" or "X"), fields[19]);
    }
}
