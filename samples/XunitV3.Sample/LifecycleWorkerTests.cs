using ProcessKit.Testing.Isolation;
using ProcessKit.Testing.XunitV3;

namespace XunitV3.Sample;

/// <summary>
/// A worker that keeps state between the test's messages, in a contained child process of its
/// own: started, fed, stopped gracefully, its result and timings read back.
/// </summary>
public sealed class LifecycleWorkerTests
{
    [Fact]
    public async Task A_worker_keeps_a_running_total_until_it_is_stopped()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var worker = await IsolatedWorker.StartAsync(new Tally(), new IsolatedWorkerOptions { Output = CurrentTestOutput.Sink() }, cancellationToken);

        worker.Send(2);
        worker.Send(3);
        Assert.Equal(2, await worker.ReceiveAsync<int>(TimeSpan.FromSeconds(30), cancellationToken));
        Assert.Equal(5, await worker.ReceiveAsync<int>(TimeSpan.FromSeconds(30), cancellationToken));

        worker.Stop();
        var result = await worker.WaitAsync(cancellationToken);

        Assert.Equal(WorkerEnding.Stopped, result.Ending);
        Assert.Equal(5, result.Value);
        Assert.Equal(2, result.Timings[WorkerPhase.Run].Count);
    }

    /// <summary>Adds each number the test sends to its total, and answers with the total.</summary>
    public sealed class Tally : IsolatedWorker<int>
    {
        private int _total;

        protected override async Task RunAsync(CancellationToken cancellationToken)
        {
            _total += await ReceiveAsync<int>(cancellationToken);
            Console.WriteLine($"child {Environment.ProcessId}: total {_total}");
            Send(_total);
        }

        protected override Task<int> ResultAsync() => Task.FromResult(_total);
    }
}
