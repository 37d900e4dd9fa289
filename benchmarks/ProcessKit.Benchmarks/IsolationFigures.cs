using System.Diagnostics;
using System.Globalization;
using ProcessKit.Testing.Isolation;
using ProcessKit.Testing.Isolation.Calls;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The isolation figures of issue 17, interleaved (each round runs every way once, order balanced;
/// see <see cref="Interleaved"/>) so the machine's load hits the figure and its anchor alike: a
/// cold <see cref="Isolated.RunAsync{T}(Func{T}, IsolationOptions?, CancellationToken)"/> against
/// <c>dotnet exec</c> of a program that does nothing with the same runtimeconfig and deps (the
/// isolation host started with no arguments: it writes its usage line and exits), and a trivial
/// function through warm <see cref="WorkerPool"/> workers (one item's round trip on one worker,
/// per item of 200 on two) against the same function in this process.
/// <c>--isolation-figures [cold rounds] [warm rounds]</c> runs a fresh copy of this program per
/// mechanism.
/// </summary>
internal static class IsolationFigures
{
    internal const string Option = "--isolation-figures";
    internal const string ProbeOption = "--isolation-figures-probe";

    private const int DefaultColdRounds = 30;
    private const int DefaultWarmRounds = 300;
    private const int BatchSize = 200;
    private const string Exec = "dotnet exec, empty program";
    private const string InProcess = "in process, per call of 200";

    private static readonly int[] One = [1];
    private static readonly int[] Batch = [.. Enumerable.Range(0, BatchSize)];

    /// <summary>The parent: one fresh process per mechanism, its tables copied to the console.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var cold = args is [var c, ..] ? c : DefaultColdRounds.ToString(CultureInfo.InvariantCulture);
        var warm = args is [_, var w, ..] ? w : DefaultWarmRounds.ToString(CultureInfo.InvariantCulture);
        return await SelfProcess.RunEachMechanismAsync(ProbeOption, cold, warm);
    }

    /// <summary>A probe: both figures under this process's mechanism.</summary>
    internal static async Task<int> ProbeAsync(string[] args)
    {
        var coldRounds = int.Parse(args[0], CultureInfo.InvariantCulture);
        var warmRounds = int.Parse(args[1], CultureInfo.InvariantCulture);
        var mechanism = Mechanisms.Verify();
        Console.WriteLine();
        Console.WriteLine($"## mechanism {mechanism}");

        var files = HostFiles.For(typeof(IsolationFigures).Assembly);
        var empty = new Command(files.Dotnet, "exec", "--runtimeconfig", files.RuntimeConfig, "--depsfile", files.DepsFile, files.HostAssembly);
        List<Way> cold =
        [
            new(Exec, 1, () => empty.ExitCodeAsync().GetAwaiter().GetResult()),
            new("cold isolated invocation", 1, () => Isolated.RunAsync(Trivial.Zero).GetAwaiter().GetResult().Value),
        ];
        Table("cold isolated invocation against dotnet exec", cold, Measure(cold, coldRounds, 2), Exec);

        var increment = IsolatedFunction.Of<int, int>(Trivial.Increment);
        await using var oneWorker = await WorkerPool.StartAsync(new WorkerPoolOptions { Workers = 1 });
        await using var twoWorkers = await WorkerPool.StartAsync(new WorkerPoolOptions { Workers = 2 });
        List<Way> warm =
        [
            new("warm pool, 1 worker: one item's round trip", 1, () => oneWorker.MapAsync(increment, One).GetAwaiter().GetResult()[0].Value),
            new("warm pool, 2 workers: per item of 200", BatchSize, () => twoWorkers.MapAsync(increment, Batch).GetAwaiter().GetResult()[^1].Value),
            new(InProcess, BatchSize, () => Batch.Sum(Trivial.Increment)),
        ];
        Table("warm pool against the same function in process", warm, Measure(warm, warmRounds, Interleaved.WarmupRounds), InProcess);
        return 0;
    }

    /// <summary>Rounds of every way, each timed alone, in the balanced order of <see cref="RoundOrder"/>; microseconds per item.</summary>
    private static double[][] Measure(List<Way> ways, int rounds, int warmupRounds)
    {
        var times = ways.Select(_ => new double[rounds]).ToArray();
        for (var round = -warmupRounds; round < rounds; round++)
        {
            foreach (var way in RoundOrder.Of(round + warmupRounds, ways.Count))
            {
                var started = Stopwatch.GetTimestamp();
                _ = ways[way].Run();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                if (round >= 0)
                {
                    times[way][round] = elapsed / ways[way].Items;
                }
            }
        }

        return times;
    }

    private static void Table(string title, List<Way> ways, double[][] times, string anchor)
    {
        var anchorMedian = Interleaved.Percentile(times[ways.FindIndex(w => w.Name == anchor)], 50);
        Console.WriteLine();
        Console.WriteLine($"### {title}: {times[0].Length} rounds, load {SelfProcess.Load()}");
        Console.WriteLine();
        Console.WriteLine($"| way | median | p25 | p75 | ratio to {anchor} (medians) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < ways.Count; i++)
        {
            var median = Interleaved.Percentile(times[i], 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {ways[i].Name} | {Format(median)} | {Format(Interleaved.Percentile(times[i], 25))} | {Format(Interleaved.Percentile(times[i], 75))} | {median / anchorMedian:F2} |"));
        }
    }

    private static string Format(double microseconds) => microseconds switch
    {
        >= 10_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:F0} ms"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:F0} us"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds * 1000:F0} ns"),
    };

    /// <summary>One way to measure: its name, how many items one run does, and the run.</summary>
    private sealed record Way(string Name, int Items, Func<long> Run);

}
