using System.Diagnostics;
using System.Globalization;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The watchdog's cost, outside BenchmarkDotNet: it starts once per process, with the first
/// container, so only fresh processes can show it. <c>--watchdog-cost [N]</c> starts N fresh
/// copies of this program per mechanism (<c>--watchdog-probe</c>), one at a time. Each probe times
/// four <see cref="ProcessGroup.Create"/> + <see cref="ProcessGroup.DisposeAsync"/> of an empty group,
/// and <see cref="ProcessGroup.Create"/> alone (the watchdog starts there; an empty process-group
/// backend's dispose scans <c>/proc</c>, whose noise would hide it):
/// <list type="number">
/// <item>the first container of the process: the watchdog starts, plus every first-use cost (assembly load, JIT, cgroup discovery);</item>
/// <item>the second: the steady state;</item>
/// <item>after SIGKILL to the watchdog (ProcessKit then starts a new one with the next container): the watchdog start alone, everything else warm;</item>
/// <item>the steady state again.</item>
/// </list>
/// It also reports the watchdog's resident memory. When a probe exits, its watchdog sweeps
/// <c>/proc</c> for leftovers before exiting itself: the parent times that and reads its CPU.
/// </summary>
internal static class WatchdogCost
{
    internal const string Option = "--watchdog-cost";
    internal const string ProbeOption = "--watchdog-probe";

    private const int DefaultProbes = 10;
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromSeconds(60);
    private static readonly double TicksPerMillisecond = 1000.0 / 100; // USER_HZ: /proc reports CPU time in 1/100 s

    /// <summary>The parent: N probes per mechanism, then the medians.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var probes = args is [var count, ..] ? int.Parse(count, CultureInfo.InvariantCulture) : DefaultProbes;
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"processes on the machine: {CountProcesses()}");
        foreach (var (job, value) in SelfProcess.BothMechanisms)
        {
            var samples = new List<Sample>();
            for (var i = 0; i < probes; i++)
            {
                samples.Add(await ProbeOnceAsync(value));
                Console.WriteLine($"  {job} probe {i + 1}: {samples[^1]}");
            }

            Console.WriteLine();
            Console.WriteLine($"{job} ({samples[0].Mechanism}), median of {probes} fresh processes:");
            Console.WriteLine("                                          Create+Dispose     Create");
            Line(samples, "1st group (cold, starts the watchdog)", s => s.First);
            Line(samples, "2nd group (steady)", s => s.Second);
            Line(samples, "1st - 2nd", s => s.First - s.Second);
            Line(samples, "3rd group (restarts the watchdog)", s => s.Restart);
            Line(samples, "4th group (steady)", s => s.Fourth);
            Line(samples, "3rd - 4th (the watchdog start)", s => s.Restart - s.Fourth);
            Console.WriteLine($"  watchdog resident memory               {Median(samples, s => s.RssKiB),9:F0} KiB");
            Console.WriteLine($"  watchdog exit sweep, wall              {Median(samples, s => s.SweepMilliseconds),9:F0} ms");
            Console.WriteLine($"  watchdog exit sweep, CPU (+children)   {Median(samples, s => s.SweepCpuMilliseconds),9:F0} ms");
            Console.WriteLine();
        }

        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static void Line(List<Sample> samples, string label, Func<Sample, Timing> timing) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {label,-38} {Median(samples, s => timing(s).Total),9:F0} us {Median(samples, s => timing(s).Create),9:F0} us"));

    /// <summary>A probe: four timed groups, the watchdog killed between the second and the third.</summary>
    internal static async Task<int> ProbeAsync()
    {
        var (first, mechanism) = await TimeGroupAsync();
        var watchdog = FindWatchdog() ?? throw new InvalidOperationException("No watchdog after the first group.");
        var (second, _) = await TimeGroupAsync();

        _ = RawLibc.kill(watchdog, RawLibc.SigKill);
        var started = Stopwatch.GetTimestamp();
        while (Directory.Exists($"/proc/{watchdog}"))
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException("The killed watchdog was not reaped.");
            }

            Thread.Sleep(1);
        }

        Thread.Sleep(100); // ProcessKit notices the exit and forgets the old watchdog
        var (restart, _) = await TimeGroupAsync();
        var replacement = FindWatchdog();
        if (replacement is null || replacement == watchdog)
        {
            throw new InvalidOperationException("The third group did not start a new watchdog.");
        }

        var (fourth, _) = await TimeGroupAsync();
        var rss = File.ReadLines($"/proc/{replacement}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mechanism} {first} {second} {restart} {fourth} {rss} {replacement}"));
        return 0;
    }

    private static async Task<(Timing Timing, ContainmentMechanism Mechanism)> TimeGroupAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var group = ProcessGroup.Create();
        var created = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var mechanism = group.Mechanism;
        await group.DisposeAsync();
        return (new Timing(Stopwatch.GetElapsedTime(started).TotalMicroseconds, created), mechanism);
    }

    /// <summary>This process's child running <c>sh</c>: the watchdog (an empty group has no other).</summary>
    private static int? FindWatchdog()
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                ReadStat(pid) is { } stat && stat.Parent == self && stat.Command == "sh" && stat.State != 'Z')
            {
                found.Add(pid);
            }
        }

        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new InvalidOperationException($"{found.Count} sh children: {string.Join(", ", found)}"),
        };
    }

    private static async Task<Sample> ProbeOnceAsync(string mechanism)
    {
        using var probe = SelfProcess.Start(mechanism, ProbeOption);
        var output = await probe.StandardOutput.ReadToEndAsync();
        await probe.WaitForExitAsync();
        var exited = Stopwatch.GetTimestamp();
        if (probe.ExitCode != 0)
        {
            throw new InvalidOperationException($"The probe failed ({probe.ExitCode}): {output}");
        }

        var fields = output.Trim().Split(' ');
        var watchdog = int.Parse(fields[10], CultureInfo.InvariantCulture);

        // The probe's pipe to its watchdog is closed: the watchdog sweeps, then exits. Its CPU
        // includes its reaped children (tr, grep) once it has waited for them.
        var cpuTicks = 0L;
        while (ReadStat(watchdog) is { } stat && stat.Command == "sh")
        {
            cpuTicks = stat.CpuTicks;
            if (Stopwatch.GetElapsedTime(exited) > SweepTimeout)
            {
                throw new InvalidOperationException($"The watchdog {watchdog} still runs {SweepTimeout} after its host exited.");
            }

            await Task.Delay(1);
        }

        return new Sample(
            Enum.Parse<ContainmentMechanism>(fields[0]),
            new(Parse(fields[1]), Parse(fields[2])), new(Parse(fields[3]), Parse(fields[4])),
            new(Parse(fields[5]), Parse(fields[6])), new(Parse(fields[7]), Parse(fields[8])), Parse(fields[9]),
            Stopwatch.GetElapsedTime(exited).TotalMilliseconds, cpuTicks * TicksPerMillisecond);
    }

    private static (int Parent, string Command, char State, long CpuTicks)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        // After ") ": state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime.
        var fields = stat[(close + 2)..].Split(' ');
        var cpu = fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), stat[(open + 1)..close], fields[0][0], cpu);
    }

    internal static int CountProcesses() =>
        Directory.EnumerateDirectories("/proc").Count(directory => int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static double Median(List<Sample> samples, Func<Sample, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Microseconds: Create + DisposeAsync, and Create alone.</summary>
    private readonly record struct Timing(double Total, double Create)
    {
        public static Timing operator -(Timing left, Timing right) => new(left.Total - right.Total, left.Create - right.Create);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Total:F1} {Create:F1}");
    }

    private sealed record Sample(
        ContainmentMechanism Mechanism, Timing First, Timing Second, Timing Restart, Timing Fourth, double RssKiB,
        double SweepMilliseconds, double SweepCpuMilliseconds)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Create+Dispose (Create) in us: 1st {First.Total:F0} ({First.Create:F0}), 2nd {Second.Total:F0} ({Second.Create:F0}), " +
            $"3rd {Restart.Total:F0} ({Restart.Create:F0}), 4th {Fourth.Total:F0} ({Fourth.Create:F0}); " +
            $"watchdog {RssKiB:F0} KiB, exit sweep {SweepMilliseconds:F0} ms wall / {SweepCpuMilliseconds:F0} ms CPU");
    }
}
