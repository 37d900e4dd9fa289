using System.Diagnostics;
using System.Globalization;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The same operations as <see cref="SpawnBenchmarks"/> and <see cref="ContainmentJoinBenchmarks"/>,
/// interleaved: each round runs every way once (in the balanced order of <see cref="RoundOrder"/>) and times
/// each run alone. BenchmarkDotNet runs one benchmark after the other, so on a shared machine a
/// change of load between two benchmarks moves their ratio; here load hits every way alike, and
/// the paired difference (a way minus raw <c>posix_spawn</c> in the same round) cancels most of it.
/// <c>--interleaved [rounds]</c> runs a fresh copy of this program per mechanism.
/// </summary>
internal static class Interleaved
{
    internal const string Option = "--interleaved";
    internal const string ProbeOption = "--interleaved-probe";

    private const int DefaultRounds = 1000;
    internal const int WarmupRounds = 20;
    private const string Raw = "raw posix_spawn";
    private const string DiagnosticsProcess = "Process";

    /// <summary>The parent: one fresh process per mechanism, its tables copied to the console.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var rounds = args is [var count, ..] ? count : DefaultRounds.ToString(CultureInfo.InvariantCulture);
        return await SelfProcess.RunEachMechanismAsync(ProbeOption, rounds);
    }

    /// <summary>A probe: both outputs under this process's mechanism.</summary>
    internal static int Probe(string[] args)
    {
        var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
        var mechanism = Mechanisms.Verify();
        var join = new ContainmentJoinBenchmarks();
        join.Setup();
        try
        {
            foreach (var output in Enum.GetValues<SpawnBenchmarks.ChildOutput>())
            {
                var spawn = new SpawnBenchmarks { Output = output };
                spawn.Setup();
                var ways = new List<(string Name, Func<long> Run)>
                {
                    (Raw, spawn.RawPosixSpawn),
                    (DiagnosticsProcess, spawn.DiagnosticsProcess),
                    ("Command.OutputAsync", () => spawn.CommandOutputAsync().GetAwaiter().GetResult()),
                    ("Command.Output", spawn.CommandOutput),
                };
                if (output == SpawnBenchmarks.ChildOutput.None && mechanism == ContainmentMechanism.CgroupV2)
                {
                    ways.Add(("raw + sh shim", join.RawShim));
                    ways.Add(("raw + cgroup join", join.RawCgroupJoin));
                }
                else if (output == SpawnBenchmarks.ChildOutput.None)
                {
                    ways.Add(("raw + /proc sweep", join.RawProcSweep));
                }

                // 1 MiB takes about ten times as long per round: fewer rounds.
                Report(output, mechanism, Measure(ways, output == SpawnBenchmarks.ChildOutput.None ? rounds : rounds / 4));
            }
        }
        finally
        {
            join.Cleanup();
        }

        return 0;
    }

    internal static (List<(string Name, Func<long> Run)> Ways, double[][] Microseconds) Measure(List<(string Name, Func<long> Run)> ways, int rounds)
    {
        var times = ways.Select(_ => new double[rounds]).ToArray();
        for (var round = -WarmupRounds; round < rounds; round++)
        {
            foreach (var way in RoundOrder.Of(round + WarmupRounds, ways.Count))
            {
                var started = Stopwatch.GetTimestamp();
                _ = ways[way].Run();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                if (round >= 0)
                {
                    times[way][round] = elapsed;
                }
            }
        }

        return (ways, times);
    }

    private static void Report(SpawnBenchmarks.ChildOutput output, ContainmentMechanism mechanism, (List<(string Name, Func<long> Run)> Ways, double[][] Microseconds) result)
    {
        var (ways, times) = result;
        var raw = times[ways.FindIndex(w => w.Name == Raw)];
        var process = times[ways.FindIndex(w => w.Name == DiagnosticsProcess)];
        Console.WriteLine();
        Console.WriteLine($"Output={output}, mechanism {mechanism}, {raw.Length} rounds (each runs every way once, order balanced), load average {File.ReadAllText("/proc/loadavg").Trim()}, {WatchdogCost.CountProcesses()} processes on the machine");
        Console.WriteLine();
        Console.WriteLine("| way | median | p25 | p75 | ratio to raw (medians) | ratio to Process (medians) | minus raw, same round (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < ways.Count; i++)
        {
            var median = Percentile(times[i], 50);
            var paired = Percentile(times[i].Select((t, round) => t - raw[round]).ToArray(), 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {ways[i].Name} | {median:F0} us | {Percentile(times[i], 25):F0} us | {Percentile(times[i], 75):F0} us | {median / Percentile(raw, 50):F2} | {median / Percentile(process, 50):F2} | {paired:+0;-0;0} us |"));
        }
    }

    /// <summary>Nearest-rank percentile.</summary>
    internal static double Percentile(double[] values, int percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
