using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Cancellation is always terminal: it kills the tree and throws, whatever the run was doing
/// (waiting, feeding input, in a timeout's grace). Every verb's cancellation is in <see cref="VerbTests"/>.
/// </summary>
public sealed class CancellationTests : SpawningTest
{
    [LinuxFact]
    public async Task A_token_that_cancels_itself_later_stops_a_hanging_process()
    {
        var pidFile = TempPath("child.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(500));

        var run = Helper("write-pid", pidFile, "hang").OutputAsync(cancellation.Token);

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(ProcessAssert.WaitLimit, Token));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
    }

    [LinuxFact]
    public async Task Cancelling_the_moment_the_run_started_still_kills_the_child()
    {

        // The child may not have finished joining its container yet: the kill must reach it anyway.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var run = Helper("hang").OutputAsync(cancellation.Token);

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(ProcessAssert.WaitLimit, Token));
        }
    }

    [LinuxFact]
    public async Task Cancelling_while_input_is_still_being_fed_does_not_wait_for_the_input()
    {
        // The child never reads: the feeder blocks on a full pipe until the child is gone.
        var pidFile = TempPath("child.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Helper("write-pid", pidFile, "hang")
            .WithStandardInput(StandardInput.FromBytes(new byte[10 * 1024 * 1024]))
            .OutputAsync(cancellation.Token);
        var child = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        ProcessAssert.Gone(child);
    }

    [LinuxFact]
    public async Task Cancelling_during_a_timeouts_grace_kills_at_once_and_throws_instead_of_reporting_a_timeout()
    {
        var clock = new FakeTimeProvider();
        var lines = new LineCollector();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Helper("ignore-sigterm", "print-pid", "hang")
            .WithStandardOutput(lines.Target)
            .WithTimeout(TimeSpan.FromMinutes(1), grace: TimeSpan.FromMinutes(1))
            .WithTimeProvider(clock)
            .OutputAsync(cancellation.Token);
        Assert.Equal("ignoring SIGTERM", await lines.NextAsync());
        var child = ProcessIdentity.Of(int.Parse(await lines.NextAsync(), CultureInfo.InvariantCulture));
        clock.Advance(TimeSpan.FromMinutes(1));
        await ProcessAssert.WaitUntilAsync(() => !ProcessAssert.IsSignalPending(child.Pid, 15), "SIGTERM to be delivered", run);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        ProcessAssert.Gone(child);
    }

    [LinuxFact]
    public async Task Cancelling_after_the_run_finished_changes_nothing()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var result = await Helper("out", "done").OutputAsync(cancellation.Token);
        await cancellation.CancelAsync();

        Assert.Equal("done\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }
}
