using System.Text.RegularExpressions;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>Line probes: matched as lines arrive, on the stream asked for, including lines written before the wait.</summary>
public sealed class LineProbeTests : ReadinessTest
{
    [LinuxFact]
    public async Task A_standard_output_probe_ignores_a_matching_line_on_standard_error()
    {
        await using var process = await Helper("err", "ready on stderr", "out", "ready on stdout", "hang").StartAsync(Token);

        var line = await process.WaitForLineAsync(new Regex("ready"), Patience, OutputSource.StandardOutput, Token);

        Assert.Equal(new OutputLine(OutputSource.StandardOutput, "ready on stdout", line.Timestamp), line);
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_standard_error_probe_ignores_a_matching_line_on_standard_output()
    {
        await using var process = await Helper("out", "ready on stdout", "err", "ready on stderr", "hang").StartAsync(Token);

        var line = await process.WaitForLineAsync(new Regex("^ready"), Patience, OutputSource.StandardError, Token);

        Assert.Equal(OutputSource.StandardError, line.Source);
        Assert.Equal("ready on stderr", line.Text);
    }

    [LinuxFact]
    public async Task A_probe_without_a_stream_watches_both()
    {
        await using var process = await Helper("out", "starting", "err", "server ready", "hang").StartAsync(Token);

        await process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("ready$")), Patience, Token);

        var line = await process.WaitForLineAsync(new Regex("ready$"), Patience, cancellationToken: Token);
        Assert.Equal(OutputSource.StandardError, line.Source);
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_predicate_probe_is_ready_on_the_first_line_it_accepts()
    {
        await using var process = await Helper("out", "booting", "out", "port=8080", "out", "port=9090", "hang").StartAsync(Token);
        var seen = new List<string>();
        var probe = ReadinessProbe.Line(text =>
        {
            lock (seen)
            {
                seen.Add(text);
            }

            return text.StartsWith("port=", StringComparison.Ordinal);
        }, "a line starting with 'port='", OutputSource.StandardOutput);

        await process.WaitUntilReadyAsync(probe, Patience, Token);

        Assert.Equal("a line starting with 'port=' on standard output", probe.Description);
        lock (seen)
        {
            Assert.Equal(["booting", "port=8080"], seen.Take(2));
        }
    }

    [LinuxFact]
    public async Task WaitForLine_returns_the_first_matching_line()
    {
        await using var process = await Helper("out", "ready 1", "out", "ready 2", "hang").StartAsync(Token);

        var line = await process.WaitForLineAsync(new Regex("^ready"), Patience, cancellationToken: Token);

        Assert.Equal("ready 1", line.Text);
    }

    [LinuxFact]
    public async Task A_line_written_and_read_before_the_wait_began_still_counts()
    {
        await using var process = await Helper("out", "listening", "hang").StartAsync(Token);
        await using (var lines = process.StandardOutputLines.GetAsyncEnumerator(Token))
        {
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal("listening", lines.Current);
        }

        await process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("^listening$")), Patience, Token);

        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_line_that_arrives_after_the_wait_began_is_seen_as_it_arrives()
    {
        await using var process = await Helper("out", "starting", "read-line", "out", "ready").KeepStandardInputOpen().StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^starting$"), Patience, cancellationToken: Token);
        var waiting = process.WaitForLineAsync(new Regex("^ready$"), Patience, cancellationToken: Token);
        Assert.False(waiting.IsCompleted);

        await ProceedAsync(process);

        Assert.Equal("ready", (await waiting).Text);
    }

    [LinuxFact]
    public async Task A_line_printed_just_before_the_exit_satisfies_the_probe()
    {
        await using var process = await Helper("out", "done: ready", "exit", "0").StartAsync(Token);
        await process.Exited;

        var line = await process.WaitForLineAsync(new Regex("ready"), Patience, cancellationToken: Token);

        Assert.Equal("done: ready", line.Text);
    }

    [LinuxFact]
    public async Task A_line_printed_while_waiting_just_before_the_exit_is_returned_not_an_exit_error()
    {
        await using var process = await Helper("read-line", "out", "done", "exit", "0").KeepStandardInputOpen().StartAsync(Token);
        var waiting = process.WaitForLineAsync(new Regex("^done$"), Timeout.InfiniteTimeSpan, cancellationToken: Token);
        Assert.False(waiting.IsCompleted);

        await ProceedAsync(process);

        Assert.Equal("done", (await waiting).Text);
    }

    [LinuxFact]
    public async Task An_await_on_a_line_wait_never_continues_on_the_thread_that_reads_the_pipes()
    {
        // The wait finishes on the pipe-reading thread (no thread-pool hop for a blocked caller);
        // code after an await must still run elsewhere, or it would stall every process's output.
        await using var process = await Helper("read-line", "out", "ready", "read-line", "out", "done", "hang").KeepStandardInputOpen().StartAsync(Token);
        var ready = process.WaitUntilReadyAsync(ReadinessProbe.Line(new Regex("^ready$")), Patience, Token);
        var done = process.WaitForLineAsync(new Regex("^done$"), Patience, cancellationToken: Token);
        Assert.False(ready.IsCompleted || done.IsCompleted);

        await ProceedAsync(process);
        await ready.ConfigureAwait(false);
        var afterReady = Thread.CurrentThread.Name;
        await ProceedAsync(process);
        await done.ConfigureAwait(false);

        Assert.NotEqual(PipeReadingThread, afterReady);
        Assert.NotEqual(PipeReadingThread, Thread.CurrentThread.Name);
    }

    /// <summary>The name of the thread that reads every child's pipes on Linux (EpollLoop).</summary>
    private const string PipeReadingThread = "ProcessKit I/O loop";

    [LinuxFact]
    public async Task A_predicate_that_throws_ends_the_wait_with_its_exception_and_the_process_runs_on()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        var probe = ReadinessProbe.Line(_ => throw new FormatException("predicate bug"), "a line the predicate likes");

        var error = await Assert.ThrowsAsync<FormatException>(() => process.WaitUntilReadyAsync(probe, Patience, Token));

        Assert.Equal("predicate bug", error.Message);
        StillRunning(process);
    }

    [Fact]
    public async Task A_line_probe_without_a_process_says_it_needs_one()
    {
        var probe = ReadinessProbe.Line(new Regex("ready"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token));

        Assert.Contains("needs a process", error.Message, StringComparison.Ordinal);
    }
}
