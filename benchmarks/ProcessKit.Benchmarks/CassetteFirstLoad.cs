using System.Diagnostics;
using System.Globalization;
using System.IO.Abstractions;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The first cassette load of a process, outside BenchmarkDotNet: a test run loads a cassette
/// soon after it starts, while the JSON reader's code is still being compiled, and only fresh
/// processes show that. <c>--cassette-first-load [N]</c> writes the benchmark's 10,000-interaction
/// cassette once and starts N fresh copies of this program (<c>--cassette-first-load-probe PATH</c>),
/// one at a time; each times its first load and its second, and the parent reports the medians.
/// </summary>
internal static class CassetteFirstLoad
{
    internal const string Option = "--cassette-first-load";
    internal const string ProbeOption = "--cassette-first-load-probe";

    private const int DefaultProbes = 10;

    /// <summary>The parent: N fresh probes, then the medians.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var probes = args is [var count, ..] ? int.Parse(count, CultureInfo.InvariantCulture) : DefaultProbes;
        var directory = Directory.CreateTempSubdirectory("processkit-cassette-first-load-").FullName;
        try
        {
            var path = Path.Combine(directory, "large.json");
            CassetteBenchmarks.WriteLargeCassette(path);
            Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
            var firsts = new List<double>();
            var seconds = new List<double>();
            for (var i = 0; i < probes; i++)
            {
                using var probe = SelfProcess.Start("", ProbeOption, path);
                var line = await probe.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The probe printed nothing.");
                await probe.WaitForExitAsync();
                var parts = line.Split(' ');
                firsts.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
                seconds.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
                Console.WriteLine($"  probe {i + 1}: first load {firsts[^1]:F1} ms, second {seconds[^1]:F1} ms");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {probes} fresh processes: first load {Median(firsts):F1} ms, second load {Median(seconds):F1} ms"));
            Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A probe: two loads of the cassette at <paramref name="path"/>, timed, printed as "FIRST SECOND" in milliseconds.</summary>
    internal static int Probe(string path)
    {
        var fileSystem = new FileSystem();
        var first = Time(() => CassetteBenchmarks.Load(fileSystem, path));
        var second = Time(() => CassetteBenchmarks.Load(fileSystem, path));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first:F2} {second:F2}"));
        return 0;
    }

    private static double Time(Func<int> load)
    {
        var started = Stopwatch.GetTimestamp();
        if (load() != CassetteBenchmarks.InteractionCount)
        {
            throw new InvalidOperationException("The cassette did not load whole.");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
