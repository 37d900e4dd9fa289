using ProcessKit.Testing.Isolation;

namespace ProcessKit.Isolation.Tests;

public sealed class LifecycleWorkerTests : IAsyncLifetime
{
    private readonly Trace _trace = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _trace.AssertNothingLeftAsync();

    [Fact]
    public async Task The_phases_run_in_order_as_many_times_as_asked_and_each_is_timed()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Recorder(), Options(new IsolatedWorkerOptions { Runs = 3 }), Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Completed, result.Ending);
        Assert.Equal(
            ["before 1", "run 1", "after 1", "before 2", "run 2", "after 2", "before 3", "run 3", "after 3", "finish 3", "result 3"],
            result.Value);
        Assert.Equal(3, result.Runs);
        Assert.Equal(1, result.Lives);
        Assert.Empty(result.LostLives);

        var timings = result.Timings;
        Assert.Equal([3, 3, 3, 1, 1, 0], Enum.GetValues<WorkerPhase>().Select(p => timings[p].Count));
        Assert.Equal(3, timings.Iteration.Count);
        foreach (var summary in Enum.GetValues<WorkerPhase>().Select(p => timings[p]).Append(timings.Iteration).Where(s => s.Count > 0))
        {
            Assert.InRange(summary.Mean, summary.Min, summary.Max);
            Assert.InRange(summary.Median, summary.Min, summary.Max);
            Assert.True(summary.Min <= summary.P90 && summary.P90 <= summary.P95 && summary.P95 <= summary.P99 && summary.P99 <= summary.Max);
            Assert.Equal(summary.Samples.Aggregate(TimeSpan.Zero, (sum, sample) => sum + sample), summary.Total);
            Assert.True(summary.StandardDeviation <= summary.Max - summary.Min);
        }

        // A whole iteration spans its three phases.
        Assert.True(timings.Iteration.Total >= timings[WorkerPhase.BeforeRun].Total + timings[WorkerPhase.Run].Total + timings[WorkerPhase.AfterRun].Total);
    }

    [Fact]
    public async Task Messages_go_both_ways_and_a_stop_still_runs_finish_and_result()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Doubler { Factor = 3 }, Options(new IsolatedWorkerOptions()), Token);

        worker.Send(1);
        worker.Send(2);
        Assert.Equal(3, await worker.ReceiveAsync<int>(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(6, await worker.ReceiveAsync<int>(Token));
        Assert.False(worker.TryReceive<int>(out _));
        await Assert.ThrowsAsync<TimeoutException>(() => worker.WaitAsync(TimeSpan.FromMilliseconds(1), Token));

        worker.Stop();
        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Stopped, result.Ending);
        Assert.Equal("answered 2, finished True", result.Value);
        Assert.Equal(2, result.Runs);
        Assert.Empty(await ToListAsync(worker.ReadMessagesAsync<int>(Token)));
        Assert.Throws<InvalidOperationException>(() => worker.Send(3));
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.ReceiveAsync<int>(Token));
    }

    [Fact]
    public async Task Kill_ends_the_worker_and_its_tree_without_a_result()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Sleeper(), Options(new IsolatedWorkerOptions()), Token);
        var grandchild = await worker.ReceiveAsync<int>(Token);
        Assert.Contains(grandchild, _trace.Marked());

        worker.Kill();
        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Killed, result.Ending);
        Assert.False(result.Succeeded);
        Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Null(worker.ProcessId);
        await _trace.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Disposing_a_running_worker_leaves_no_process()
    {
        var worker = await IsolatedWorker.StartAsync(new Sleeper(), Options(new IsolatedWorkerOptions()), Token);
        var grandchild = await worker.ReceiveAsync<int>(Token);
        Assert.Contains(grandchild, _trace.Marked());

        await worker.DisposeAsync();

        Assert.True(worker.HasEnded);
        Assert.Equal(WorkerEnding.Killed, (await worker.WaitAsync(Token)).Ending);
        await _trace.AssertNothingLeftAsync();
    }

    [Theory]
    [InlineData(CrashKind.Exit, IsolatedEnding.Exited)]
    [InlineData(CrashKind.FailFast, IsolatedEnding.FailFast)]
    [InlineData(CrashKind.ThreadException, IsolatedEnding.UnhandledException)]
    [InlineData(CrashKind.Throw, null)]
    public async Task A_crash_costs_a_life_and_the_next_starts_afresh_from_the_lost_run(CrashKind kind, IsolatedEnding? ending)
    {
        await using var worker = await IsolatedWorker.StartAsync(new Crasher { Kind = kind }, Options(new IsolatedWorkerOptions { Runs = 3, Lives = 2 }), Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Completed, result.Ending);

        // Life 2 is a fresh instance: it saw none of life 1's runs, and began with the run that was lost.
        Assert.Equal([2, 2, 3], result.Value);
        Assert.Equal(3, result.Runs);
        Assert.Equal(2, result.Lives);
        var lost = Assert.Single(result.LostLives);
        Assert.Equal(1, lost.Life);
        Assert.Equal(ending, lost.Ending);
        Assert.Equal(2, lost.Run);
        Assert.Equal(WorkerPhase.Run, lost.Phase);
        if (kind == CrashKind.Exit)
        {
            Assert.Equal(3, lost.ExitCode);
        }

        if (kind is CrashKind.Throw or CrashKind.ThreadException)
        {
            Assert.Equal(typeof(InvalidOperationException).FullName, lost.Error?.RemoteTypeName);
        }

        // Runs 1 (life 1) and 2, 3 (life 2) completed; the lost run 2 of life 1 was not timed.
        Assert.Equal(3, result.Timings.Iteration.Count);
    }

    [Fact]
    public async Task Out_of_lives_is_reported_as_such_with_every_loss()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Crasher { Kind = CrashKind.Throw, CrashingLives = 2 }, Options(new IsolatedWorkerOptions { Runs = 3, Lives = 2 }), Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.OutOfLives, result.Ending);
        Assert.False(result.Succeeded);
        var error = Assert.IsType<WorkerOutOfLivesException>(result.Error);
        Assert.Equal(2, error.LostLives.Count);
        var thrown = Assert.IsType<RemoteException>(error.InnerException);
        Assert.Equal("run 2 fails", thrown.RemoteMessage);
        Assert.Contains("Crasher ran out of lives (2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("life 2 in Run of run 2: threw", error.Message, StringComparison.Ordinal);
        Assert.Throws<WorkerOutOfLivesException>(() => result.Value);
        Assert.Equal(1, result.Runs);
    }

    [Fact]
    public async Task A_phase_timeout_kills_the_tree_and_costs_a_life()
    {
        var options = Options(new IsolatedWorkerOptions { Runs = 1, Lives = 2, PhaseTimeouts = new Dictionary<WorkerPhase, TimeSpan> { [WorkerPhase.Run] = TimeSpan.FromSeconds(3) } });
        await using var worker = await IsolatedWorker.StartAsync(new HangsOnce(), options, Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Completed, result.Ending);
        Assert.Equal(2, result.Value);
        var lost = Assert.Single(result.LostLives);
        Assert.True(lost.TimedOut);
        Assert.Equal(WorkerPhase.Run, lost.Phase);
        Assert.Equal(1, lost.Run);
    }

    [Fact]
    public async Task An_error_the_handler_takes_skips_that_run_only()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Forgiving(), Options(new IsolatedWorkerOptions { Runs = 3 }), Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.Completed, result.Ending);
        Assert.Equal("FormatException in Run of run 2", result.Value);
        Assert.Equal(3, result.Runs);
        Assert.Empty(result.LostLives);
        Assert.Equal(1, result.Timings[WorkerPhase.Error].Count);
        Assert.Equal(2, result.Timings.Iteration.Count);
    }

    [Fact]
    public async Task The_time_limit_stops_the_worker_gracefully()
    {
        await using var worker = await IsolatedWorker.StartAsync(new Ticker(), Options(new IsolatedWorkerOptions { TimeLimit = TimeSpan.FromSeconds(1) }), Token);

        var result = await worker.WaitAsync(Token);

        Assert.Equal(WorkerEnding.TimeLimit, result.Ending);
        Assert.True(result.Value);
        Assert.Equal(result.Runs, result.Timings.Iteration.Count);
    }

    [Fact]
    public async Task A_worker_the_child_cannot_make_from_its_json_is_refused_before_anything_starts()
    {
        var error = await Assert.ThrowsAsync<NotIsolatableException>(() => IsolatedWorker.StartAsync(new NeedsAStream(Stream.Null), Options(new IsolatedWorkerOptions()), Token));

        Assert.Contains("NeedsAStream cannot run in a child process", error.Message, StringComparison.Ordinal);
        Assert.Contains("parameterless constructor", error.Message, StringComparison.Ordinal);
        Assert.Empty(_trace.Marked());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private IsolatedWorkerOptions Options(IsolatedWorkerOptions options) => options with { Environment = _trace.Environment };
}
