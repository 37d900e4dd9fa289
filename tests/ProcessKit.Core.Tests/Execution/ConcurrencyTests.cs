using System.Globalization;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Runs that count this process's own resources (file descriptors, threads, zombie children)
/// must not share the process with other spawning tests, so they run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(ResourceAccountingTests), DisableParallelization = true)]
public sealed class ResourceAccountingTests;

/// <summary>
/// Many runs at once: all correct, and afterwards no leaked file descriptors, no zombies, and no
/// thread per child ("1,000 idle children must not hold 1,000 threads").
/// </summary>
[Collection(nameof(ResourceAccountingTests))]
public sealed class ConcurrencyTests : SpawningTest
{
    private const int Runs = 200;

    /// <summary>Descriptors the runtime may open lazily on its own (thread pool, timers, the reaper's epoll...).</summary>
    private const int DescriptorTolerance = 8;

    [LinuxFact]
    public async Task Two_hundred_concurrent_runs_all_succeed_and_leave_no_descriptors_or_zombies_behind()
    {
        await WarmUpAsync();
        var descriptorsBefore = ProcessAssert.OpenFileDescriptors();

        var results = await Task.WhenAll(Enumerable.Range(0, Runs).Select(i =>
            Helper("out", $"run {i}", "err", $"err {i}", "exit", (i % 3).ToString(CultureInfo.InvariantCulture)).OutputAsync(Token)));

        for (var i = 0; i < Runs; i++)
        {
            Assert.Equal($"run {i}\n", results[i].StandardOutput);
            Assert.Equal($"err {i}\n", results[i].StandardError);
            Assert.Equal(i % 3, results[i].ExitCode);
        }

        Assert.Empty(ProcessAssert.OurZombies());
        await AssertDescriptorsReturnToAsync(descriptorsBefore);
    }

    [LinuxFact]
    public async Task Two_hundred_live_children_do_not_hold_a_thread_each_and_cancelling_them_leaves_nothing()
    {
        await WarmUpAsync();
        var descriptorsBefore = ProcessAssert.OpenFileDescriptors();
        var threadsBefore = ProcessAssert.ThreadCount();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var ready = 0;
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = OutputTarget.ToLineHandler(_ =>
        {
            if (Interlocked.Increment(ref ready) == Runs)
            {
                allReady.TrySetResult();
            }
        });

        var runs = Enumerable.Range(0, Runs).Select(_ => Helper("out", "ready", "hang").WithStandardOutput(target).OutputAsync(cancellation.Token)).ToList();
        var finished = Task.WhenAll(runs);
        await Task.WhenAny(allReady.Task, finished).WaitAsync(TimeSpan.FromMinutes(2), Token);
        Assert.True(allReady.Task.IsCompleted, $"only {ready} of {Runs} children got ready");
        var threadsDuring = ProcessAssert.ThreadCount();
        Assert.Equal(Runs, ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker).Count);

        await cancellation.CancelAsync();

        foreach (var run in runs)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        Assert.True(threadsDuring - threadsBefore < 50, $"{Runs} live children took {threadsDuring - threadsBefore} more threads ({threadsBefore} before, {threadsDuring} during)");
        Assert.Empty(ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker));
        Assert.Empty(ProcessAssert.OurZombies());
        await AssertDescriptorsReturnToAsync(descriptorsBefore);
    }

    [LinuxFact]
    public async Task Failed_spawns_and_timeouts_leave_no_descriptors_behind()
    {
        await WarmUpAsync();
        var tooLong = new string('x', 200_000);
        var descriptorsBefore = ProcessAssert.OpenFileDescriptors();

        for (var i = 0; i < 50; i++)
        {
            // posix_spawn itself fails (E2BIG) after every pipe was made.
            await Assert.ThrowsAsync<ProcessSpawnException>(() => Helper("out", tooLong).WithStandardInput("input").OutputAsync(Token));
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Helper("out", "x", "hang").WithTimeout(TimeSpan.FromMilliseconds(500)).OutputAsync(Token)))
            .WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Empty(ProcessAssert.OurZombies());
        await AssertDescriptorsReturnToAsync(descriptorsBefore);
    }

    /// <summary>One run first, so what the engine creates once per process (the reaper) is in the baseline.</summary>
    private async Task WarmUpAsync() => Assert.Equal(0, await Helper("exit", "0").ExitCodeAsync(Token));

    /// <summary>
    /// Descriptors are closed by finalizers and the thread pool as well as by the engine, so this
    /// collects garbage and retries a few times before it counts a difference as a leak.
    /// </summary>
    private static async Task AssertDescriptorsReturnToAsync(int before)
    {
        var now = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            now = ProcessAssert.OpenFileDescriptors();
            if (now <= before + DescriptorTolerance)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
        }

        Assert.Fail($"{now - before} file descriptors leaked ({before} before, {now} after): {string.Join(", ", Directory.GetFileSystemEntries("/proc/self/fd").Select(fd => $"{Path.GetFileName(fd)}->{new FileInfo(fd).LinkTarget}"))}");
    }
}
