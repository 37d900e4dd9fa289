using BenchmarkDotNet.Attributes;
using ProcessKit.Testing.Isolation;

namespace ProcessKit.Benchmarks;

/// <summary>
/// A trivial function through warm <see cref="WorkerPool"/> workers: one item's round trip on a
/// one-worker pool (a call frame out, a reply frame back, JSON both ways), and the throughput of a
/// two-worker pool over 200 items, per item, against calling the same function in this process.
/// The pools start once, in the global setup, so only warm work is measured.
/// </summary>
[InvocationCount(16, 1)]
[WarmupCount(2)]
[IterationCount(15)]
public class WorkerPoolBenchmarks
{
    private const int BatchSize = 200;
    private static readonly int[] One = [1];
    private static readonly int[] Batch = [.. Enumerable.Range(0, BatchSize)];
    private static readonly IsolatedFunction<int, int> Increment = IsolatedFunction.Of<int, int>(Trivial.Increment);
    private WorkerPool _oneWorker = null!;
    private WorkerPool _twoWorkers = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _oneWorker = await WorkerPool.StartAsync(new WorkerPoolOptions { Workers = 1 });
        _twoWorkers = await WorkerPool.StartAsync(new WorkerPoolOptions { Workers = 2 });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _oneWorker.DisposeAsync();
        await _twoWorkers.DisposeAsync();
    }

    [Benchmark(Description = "warm pool, 1 worker: one item's round trip")]
    public async Task<int> RoundTrip() => (await _oneWorker.MapAsync(Increment, One))[0].Value;

    [Benchmark(Description = "warm pool, 2 workers: per item of 200", OperationsPerInvoke = BatchSize)]
    public async Task<int> TwoWorkers() => (await _twoWorkers.MapAsync(Increment, Batch))[^1].Value;

    [Benchmark(Baseline = true, Description = "in process: per call of 200", OperationsPerInvoke = BatchSize)]
    public int InProcess()
    {
        var last = 0;
        foreach (var x in Batch)
        {
            last = Trivial.Increment(x);
        }

        return last;
    }
}

/// <summary>The functions the isolation benchmarks run: as little work as a call can be.</summary>
internal static class Trivial
{
    public static int Increment(int x) => x + 1;

    public static int Zero() => 0;
}
