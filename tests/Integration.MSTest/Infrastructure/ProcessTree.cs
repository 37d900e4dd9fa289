using System.Globalization;

namespace Integration.MSTest.Infrastructure;

/// <summary>Checks that processes a test started are gone, by pid and start time (so a reused pid is not mistaken for ours).</summary>
internal static class ProcessTree
{
    /// <summary>The identities of <paramref name="pids"/> now; call it while they run.</summary>
    public static IReadOnlyList<(int Pid, string StartTime)> Snapshot(IEnumerable<int> pids) =>
        [.. pids.Select(pid => (pid, StartTime(pid))).Where(entry => entry.Item2 is not null).Select(entry => (entry.pid, entry.Item2!))];

    /// <summary>Fails unless every process of <paramref name="snapshot"/> has ended (gone, or a zombie that is dead already).</summary>
    public static void AssertGone(IReadOnlyList<(int Pid, string StartTime)> snapshot)
    {
        var alive = snapshot.Where(entry => StartTime(entry.Pid) == entry.StartTime && State(entry.Pid) is not ('Z' or 'X')).Select(entry => entry.Pid).ToList();
        Assert.IsEmpty(alive, $"processes still alive: {string.Join(", ", alive)}");
    }

    private static string? StartTime(int pid) => Field(pid, 19);

    private static char? State(int pid) => Field(pid, 0)?[0];

    /// <summary>Field N of /proc/PID/stat counted after the command name (which may hold spaces), or null when the process is gone.</summary>
    private static string? Field(int pid, int index)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[index];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }
}
