using System.Diagnostics;
using System.Globalization;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The floor of a teardown: a 101-process tree in a cgroup made by hand (not named
/// <c>processkit-*</c>, which ProcessKit's sweeps and leak checks look for), killed by writing
/// <c>1</c> to <c>cgroup.kill</c> and waited for by reading <c>cgroup.events</c> until it says
/// <c>populated 0</c>, as fast as a loop can: nothing to do between reads but yield the CPU.
/// </summary>
internal static class TreeFloor
{
    /// <summary>A shell, 80 plain sleeps, 10 in a new session, 10 double-forked (orphaned at once): 101 processes.</summary>
    internal const string Tree =
        "i=0; while [ $i -lt 80 ]; do sleep 1000 & i=$((i+1)); done; " +
        "i=0; while [ $i -lt 10 ]; do setsid sleep 1000 & (sleep 1000 &); i=$((i+1)); done; wait";

    private const int Processes = 101;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds the tree in a fresh cgroup, then times <c>cgroup.kill</c> to <c>populated 0</c>; microseconds.</summary>
    internal static double TearDownOnce()
    {
        var directory = Path.Combine(CgroupLocation.OwnDirectory(), $"pkbench-tree-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        try
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (var argument in new[] { "-c", "echo 0 > \"$0\" && exec /bin/sh -c \"$1\"", Path.Combine(directory, "cgroup.procs"), Tree })
            {
                start.ArgumentList.Add(argument);
            }

            using var shell = Process.Start(start)!;
            var tree = WaitForTree(() => Members(directory), shell.WaitForExitAsync());
            var events = Path.Combine(directory, "cgroup.events");
            var started = Stopwatch.GetTimestamp();
            File.WriteAllText(Path.Combine(directory, "cgroup.kill"), "1");
            while (!File.ReadAllText(events).Contains("populated 0", StringComparison.Ordinal))
            {
                Thread.Yield();
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            shell.WaitForExit();
            ThrowIfAnyAlive(tree);
            return elapsed;
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    /// <summary>Waits until <paramref name="members"/> lists the whole tree; returns its pids.</summary>
    internal static IReadOnlyList<int> WaitForTree(Func<IReadOnlyList<int>> members, Task running)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<int> tree;
        while ((tree = members()).Count < Processes)
        {
            if (running.IsCompleted || Stopwatch.GetElapsedTime(started) > StartTimeout)
            {
                throw new InvalidOperationException($"The tree did not start: {tree.Count} processes.");
            }

            Thread.Sleep(5);
        }

        return tree;
    }

    /// <summary>Throws if any of <paramref name="pids"/> is alive (a zombie counts as gone: it waits for its parent to reap it).</summary>
    internal static void ThrowIfAnyAlive(IReadOnlyList<int> pids)
    {
        var alive = pids.Count(IsAlive);
        if (alive > 0)
        {
            throw new InvalidOperationException($"{alive} of {pids.Count} processes survived the teardown.");
        }
    }

    private static int[] Members(string directory) =>
        [.. File.ReadAllLines(Path.Combine(directory, "cgroup.procs")).Select(line => int.Parse(line, CultureInfo.InvariantCulture))];

    /// <summary>Alive and not a zombie (a zombie of PID 1 waits for it to reap).</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
