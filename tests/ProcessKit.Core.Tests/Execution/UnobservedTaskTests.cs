using System.Text.RegularExpressions;
using ProcessKit.Core.Tests.Groups;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Nothing the library creates may go unobserved: a test host that fails on
/// <see cref="TaskScheduler.UnobservedTaskException"/> must stay green however the library is
/// used, on its happy paths and its failing ones, whether or not the caller looks at every task.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class UnobservedTaskTests : SpawningTest
{
    private const int Runs = 50;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [LinuxFact]
    public async Task Plain_runs_leave_no_unobserved_fault()
    {
        using var watch = new UnobservedTaskWatch();

        for (var i = 0; i < Runs; i++)
        {
            await Track(new Command("true")).RunAsync(Token);
        }

        Assert.Empty(watch.LibraryFaults());
    }

    [LinuxFact]
    public async Task Failed_cancelled_and_throwing_runs_leave_no_unobserved_fault()
    {
        using var watch = new UnobservedTaskWatch();

        for (var i = 0; i < Runs / 10; i++)
        {
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => Track(new Command("processkit-no-such-program")).RunAsync(Token));
            await Assert.ThrowsAsync<ProcessExitException>(() => Helper("exit", "3").RunAsync(Token));
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                Helper("out", "line").WithStandardOutput(OutputTarget.ToLineHandler(_ => throw new InvalidOperationException("handler failed"))).RunAsync(Token));

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Helper("out", "up", "hang").WithStandardOutput(OutputTarget.ToLineHandler(_ => cancel.Cancel())).RunAsync(cancel.Token));
        }

        Assert.Empty(watch.LibraryFaults());
    }

    [LinuxFact]
    public async Task Started_processes_disposed_without_reading_their_exit_leave_no_unobserved_fault()
    {
        using var watch = new UnobservedTaskWatch();

        for (var i = 0; i < Runs / 10; i++)
        {
            await using (var process = await Helper("out", "up", "hang").StartAsync(Token))
            {
                await process.WaitForLineAsync(new Regex("^up$"), WaitLimit, cancellationToken: Token);
            }

            // Its exit faults with the handler's exception, and nobody ever looks at Exited.
            await using (var failing = await Helper("out", "line").WithStandardOutput(OutputTarget.ToLineHandler(_ => throw new InvalidOperationException("handler failed"))).StartAsync(Token))
            {
                await ProcessAssert.WaitUntilAsync(() => failing.HasExited, "the handler's failure to end the run");
            }

            await using (var quitter = await Helper("exit", "1").StartAsync(Token))
            {
                await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(() => quitter.WaitForLineAsync(new Regex("never"), WaitLimit, cancellationToken: Token));
            }
        }

        Assert.Empty(watch.LibraryFaults());
    }

    [LinuxFact]
    public async Task Pipelines_and_batches_leave_no_unobserved_fault()
    {
        using var watch = new UnobservedTaskWatch();

        for (var i = 0; i < Runs / 10; i++)
        {
            Assert.Equal("a", await (Helper("out", "a") | Helper("echo-stdin")).RunAsync(Token));
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => (Helper("out", "a", "hang") | Track(new Command("processkit-no-such-program"))).RunAsync(Token));
            await using (var pipeline = await (Helper("out", "up", "hang") | Helper("echo-stdin")).StartAsync(Token))
            {
                await pipeline.WaitForLineAsync(new Regex("^up$"), WaitLimit, cancellationToken: Token);
            }

            var results = await new[] { Helper("exit", "0"), Track(new Command("processkit-no-such-program")), Helper("exit", "2") }.OutputAllAsync(concurrency: 2, Token);
            Assert.Equal(3, results.Count);
        }

        Assert.Empty(watch.LibraryFaults());
    }
}
