using System.Diagnostics;
using ProcessKit.Testing.Isolation;

namespace ProcessKit.Isolation.Tests;

public sealed class WorkerPoolTests : IAsyncLifetime
{
    private readonly Trace _trace = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _trace.AssertNothingLeftAsync();

    [Fact]
    public async Task Results_come_back_in_input_order_from_warm_workers_in_other_processes()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 2 });
        Assert.Equal(2, pool.ProcessIds.Count);

        var results = await pool.MapAsync(static (int x) => new[] { x * x, Environment.ProcessId }, Enumerable.Range(0, 20), Token);

        Assert.Equal(Enumerable.Range(0, 20).Select(x => x * x), results.Select(r => r.Value[0]));
        Assert.Equal(Enumerable.Range(0, 20), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Contains(r.Value[1], pool.ProcessIds));
    }

    [Fact]
    public async Task A_tuple_input_is_spread_over_the_parameters()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1 });

        var results = await pool.MapAsync(IsolatedFunction.Of(static (string text, int times) => string.Concat(Enumerable.Repeat(text, times))), [("ab", 2), ("c", 3)], Token);

        Assert.Equal(["abab", "ccc"], results.Select(r => r.Value));
    }

    [Fact]
    public async Task The_streams_give_every_result_in_input_order_and_as_completed()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 2 });
        var square = IsolatedFunction.Of(static (int x) => x * x);

        var ordered = new List<int>();
        await foreach (var result in pool.StreamAsync(square, Enumerable.Range(0, 10), Token))
        {
            ordered.Add(result.Value);
        }

        var completed = new List<PoolItemResult<int>>();
        await foreach (var result in pool.StreamAsCompletedAsync(square, Enumerable.Range(0, 10), Token))
        {
            completed.Add(result);
        }

        var asCompleted = await pool.MapAsCompletedAsync(square, Enumerable.Range(0, 10), Token);

        Assert.Equal(Enumerable.Range(0, 10).Select(x => x * x), ordered);
        Assert.Equal(Enumerable.Range(0, 10), completed.Select(r => r.Index).Order());
        Assert.All(completed, r => Assert.Equal(r.Index * r.Index, r.Value));
        Assert.Equal(Enumerable.Range(0, 10), asCompleted.Select(r => r.Index).Order());
    }

    [Fact]
    public async Task An_exception_fails_its_item_only_and_is_not_retried()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1, Lives = 3 });

        var results = await pool.MapAsync(PoolTargets.FailOnThree, [1, 2, 3, 4], Token);

        Assert.Equal([true, true, false, true], results.Select(r => r.Succeeded));
        var error = Assert.IsType<RemoteException>(results[2].Error);
        Assert.Equal("three", error.RemoteMessage);
        Assert.Equal(1, results[2].Attempts);
        Assert.Throws<RemoteException>(() => results[2].Value);
    }

    [Fact]
    public async Task A_crashed_worker_is_replaced_and_its_item_retried_until_its_lives_are_spent()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1, Lives = 2 });
        var first = Assert.Single(pool.ProcessIds);

        var results = await pool.MapAsync(PoolTargets.ExitOnThree, [1, 3, 4], Token);

        Assert.Equal([1, 4], results.Where(r => r.Succeeded).Select(r => r.Value));
        var lost = Assert.IsType<WorkerLostException>(results[1].Error);
        Assert.Equal(2, lost.Attempts);
        Assert.Equal(9, lost.ExitCode);
        Assert.Equal(2, results[1].Attempts);
        Assert.NotEqual(first, Assert.Single(pool.ProcessIds));
    }

    [Fact]
    public async Task A_retried_item_can_succeed_on_a_fresh_worker()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"processkit-isolation-{Guid.NewGuid():N}");
        try
        {
            await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1, Lives = 2 });

            var result = Assert.Single(await pool.MapAsync(PoolTargets.CrashTheFirstTime, [marker], Token));

            Assert.Equal(2, result.Attempts);
            Assert.Equal("second life", result.Value);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task An_item_past_its_timeout_has_its_worker_killed_and_fails_when_out_of_lives()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1, Lives = 1, ItemTimeout = TimeSpan.FromSeconds(5) });

        var results = await pool.MapAsync(PoolTargets.HangOnZero, [0, 5], Token);

        var lost = Assert.IsType<WorkerLostException>(results[0].Error);
        Assert.True(lost.TimedOut);
        Assert.Equal(5, results[1].Value);
    }

    [Fact]
    public async Task A_worker_is_recycled_after_its_items_per_worker()
    {
        await using var pool = await StartAsync(new WorkerPoolOptions { Workers = 1, ItemsPerWorker = 2 });

        var results = await pool.MapAsync(static (int _) => Environment.ProcessId, [0, 1, 2, 3, 4], Token);

        var pids = results.Select(r => r.Value).ToList();
        Assert.Equal(3, pids.Distinct().Count());
        Assert.Equal(pids[0], pids[1]);
        Assert.NotEqual(pids[1], pids[2]);
    }

    [Fact]
    public async Task Disposal_leaves_no_process_not_even_what_the_workers_started()
    {
        var pool = await StartAsync(new WorkerPoolOptions { Workers = 2 });
        var results = await pool.MapAsync(PoolTargets.StartGrandchild, [0, 1], Token);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.NotEmpty(_trace.Marked());

        await pool.DisposeAsync();

        await _trace.AssertNothingLeftAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.MapAsync(static (int x) => x, [1], Token));
    }

    [Fact]
    public async Task A_lambda_that_captures_state_is_refused_before_anything_runs()
    {
        var offset = 1;

        var error = Assert.Throws<NotIsolatableException>(() => IsolatedFunction.Of((int x) => x + offset));

        Assert.Contains("offset (Int32)", error.CapturedMembers);
        await Task.CompletedTask;
    }

    private Task<WorkerPool> StartAsync(WorkerPoolOptions options) => WorkerPool.StartAsync(options with { Environment = _trace.Environment }, Token);
}

internal static class PoolTargets
{
    public static int FailOnThree(int x) => x == 3 ? throw new ArgumentException("three") : x;

    public static int ExitOnThree(int x)
    {
        if (x == 3)
        {
            Environment.Exit(9);
        }

        return x;
    }

    public static string CrashTheFirstTime(string marker)
    {
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "first life");
            Environment.FailFast("first life ends here");
        }

        return "second life";
    }

    public static int HangOnZero(int x)
    {
        if (x == 0)
        {
            Thread.Sleep(Timeout.Infinite);
        }

        return x;
    }

    public static int StartGrandchild(int x)
    {
        using var sleeper = Process.Start("sleep", "300");
        return sleeper.Id;
    }
}
