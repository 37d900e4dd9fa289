using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>
/// How a wait ends when the probe is not ready: the process exits (at once, with its status and
/// output), the timeout passes (the child left running), or the caller cancels.
/// </summary>
public sealed class ReadinessFailureTests : ReadinessTest
{
    [LinuxFact]
    public async Task A_server_that_exits_during_startup_fails_the_wait_at_once_with_its_exit_code_and_output()
    {
        await using var process = await Helper("out", "starting", "err", "config error: no port", "exit", "3").StartAsync(Token);

        var error = await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(
            () => process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready")), Timeout.InfiniteTimeSpan, Token));

        Assert.Equal(3, error.ExitCode);
        Assert.Null(error.Signal);
        Assert.Equal(3, error.Result?.ExitCode);
        Assert.Equal("a line matching /ready/ on standard output or standard error", error.Awaited);
        Assert.Equal(
            [(OutputSource.StandardOutput, "starting"), (OutputSource.StandardError, "config error: no port")],
            error.LastLines.Select(l => (l.Source, l.Text)).Order());
        Assert.Contains("exited with code 3 before it was ready (still waiting for a line matching /ready/", error.Message, StringComparison.Ordinal);
        Assert.Contains("  starting", error.Message, StringComparison.Ordinal);
        Assert.Contains("  [stderr] config error: no port", error.Message, StringComparison.Ordinal);
        Assert.Equal("config error: no port", error.StandardErrorTail);
        Assert.Equal(TestHelperProgram.Path, ((IProcessError)error).Program);
    }

    [LinuxFact]
    public async Task An_exit_while_a_polling_probe_waits_fails_it_at_once()
    {
        await using var process = await Helper("read-line", "err", "giving up", "exit", "2").KeepStandardInputOpen().StartAsync(Token);
        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.FileExists(TempPath("never")), Timeout.InfiniteTimeSpan, Token);
        Assert.False(waiting.IsCompleted);

        await ProceedAsync(process);

        var error = await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(() => waiting);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains(error.LastLines, l => l.Text == "giving up");
    }

    [LinuxFact]
    public async Task A_process_killed_while_a_probe_waits_reports_the_signal()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^up$"), Patience, cancellationToken: Token);
        var waiting = process.WaitForPortAsync(1, Timeout.InfiniteTimeSpan, Token);

        process.Kill();

        var error = await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(() => waiting);
        Assert.Equal(9, error.Signal);
        Assert.Null(error.ExitCode);
        Assert.Contains("killed by signal 9", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_process_whose_end_is_a_failure_reports_it_as_the_inner_exception()
    {
        var handlerFailed = new InvalidDataException("handler bug");
        await using var process = await Helper("out", "starting", "err", "about to exit", "exit", "0")
            .WithStandardOutput(OutputTarget.ToLineHandler(_ => throw handlerFailed))
            .StartAsync(Token);

        var error = await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(
            () => process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready")), Timeout.InfiniteTimeSpan, Token));

        Assert.Null(error.Result);
        Assert.Null(error.ExitCode);
        Assert.Same(handlerFailed, error.InnerException);
        Assert.Contains("ended in failure (InvalidDataException: handler bug)", error.Message, StringComparison.Ordinal);
        Assert.Equal("about to exit", error.StandardErrorTail);
    }

    [LinuxFact]
    public async Task Disposing_the_process_while_a_probe_waits_ends_the_wait()
    {
        var process = await Helper("out", "up", "hang").StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^up$"), Patience, cancellationToken: Token);
        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready")), Timeout.InfiniteTimeSpan, Token);

        await process.DisposeAsync();

        await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(() => waiting);
    }

    [LinuxFact]
    public async Task A_timeout_throws_with_what_was_awaited_and_the_last_lines_and_leaves_the_child_running()
    {
        var clock = new FakeTimeProvider();
        await using var process = await Helper("out", "starting", "err", "still loading", "read-line", "out", "after").KeepStandardInputOpen().WithTimeProvider(clock).StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^still loading$"), Patience, cancellationToken: Token);
        await process.WaitForLineAsync(new Regex("^starting$"), Patience, cancellationToken: Token);
        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready")), TimeSpan.FromSeconds(30), Token);

        clock.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.IsAssignableFrom<TimeoutException>(error);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
        Assert.Equal("a line matching /ready/ on standard output or standard error", error.Awaited);
        Assert.Equal(["starting", "still loading"], error.LastLines.Select(l => l.Text).Order());
        Assert.Equal(process.Command.ToString(), error.CommandLine);
        Assert.Contains("was not ready within 30 s: still waiting for a line matching /ready/", error.Message, StringComparison.Ordinal);
        Assert.Contains("still running", error.Message, StringComparison.Ordinal);
        Assert.Contains("[stderr] still loading", error.Message, StringComparison.Ordinal);

        StillRunning(process);
        await ProceedAsync(process);
        await process.WaitForLineAsync(new Regex("^after$"), Patience, cancellationToken: Token);
        Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
    }

    [Fact]
    public async Task A_timeout_without_a_process_names_no_command_and_has_no_lines()
    {
        var clock = new FakeTimeProvider();
        var missing = Path.Combine(Path.GetTempPath(), "processkit-" + Guid.NewGuid().ToString("N"));
        var waiting = ReadinessProbe.FileExists(missing).WaitUntilReadyAsync(null, TimeSpan.FromMilliseconds(1500), clock, Token);

        clock.Advance(TimeSpan.FromMilliseconds(1500));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Empty(error.LastLines);
        Assert.Null(error.CommandLine);
        Assert.Equal($"Not ready within 1.5 s: still waiting for the file {missing} to exist.", error.Message);
    }

    [LinuxFact]
    public async Task Cancelling_a_wait_throws_OperationCanceled_and_leaves_the_child_running()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        using var cancellation = new CancellationTokenSource();
        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready")), Timeout.InfiniteTimeSpan, cancellation.Token);

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_wait_with_a_cancelled_token_throws_before_it_begins()
    {
        await using var process = await Helper("out", "ready", "hang").StartAsync(Token);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process.WaitForLineAsync(new Regex("ready"), Patience, cancellationToken: cancellation.Token));
        StillRunning(process);
    }

    [Fact]
    public async Task A_probe_that_throws_from_WaitAsync_fails_the_wait_with_that_exception()
    {
        var probe = new MisbehavingProbe(() => throw new FormatException("bad configuration"));

        var waiting = probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token);

        var error = await Assert.ThrowsAsync<FormatException>(() => waiting);
        Assert.Equal("bad configuration", error.Message);
    }

    [Fact]
    public async Task A_probe_that_returns_no_task_fails_the_wait_naming_the_probe()
    {
        var probe = new MisbehavingProbe(() => null!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token));

        Assert.Contains(nameof(MisbehavingProbe), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_probe_that_throws_OperationCanceled_from_WaitAsync_ends_the_wait_cancelled()
    {
        using var its = new CancellationTokenSource();
        await its.CancelAsync();
        var probe = new MisbehavingProbe(() => throw new OperationCanceledException(its.Token));

        var waiting = probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(waiting.IsCanceled);
    }

    /// <summary>A probe of one's own whose WaitAsync does what it is given instead of returning a task of its work.</summary>
    private sealed class MisbehavingProbe(Func<Task> wait) : ReadinessProbe
    {
        public override string Description => "a misbehaving probe";

        protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken) => wait();
    }
}
