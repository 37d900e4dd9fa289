using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Live;

/// <summary>A started process: lines as they come, its exit, its stop, and its disposal.</summary>
public sealed class RunningProcessTests : SpawningTest
{
    [LinuxFact]
    public async Task Lines_arrive_per_stream_and_the_last_line_needs_no_newline()
    {
        await using var process = await Helper("out", "one", "err", "oops", "out", "two", "out-nonl", "tail").StartAsync(Token);

        var stdout = await ToListAsync(process.StandardOutputLines);
        var stderr = await ToListAsync(process.StandardErrorLines);

        Assert.Equal(["one", "two", "tail"], stdout);
        Assert.Equal(["oops"], stderr);
        var result = await process.WaitForExitAsync(Token);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("one\ntwo\ntail", result.StandardOutput);
    }

    [LinuxFact]
    public async Task The_merged_view_keeps_arrival_order_and_names_each_stream()
    {
        // Each line is written only once the one before it was seen: arrival order is the order written.
        await using var process = await Helper("out", "a", "await-line", "err", "b", "await-line", "out", "c").KeepStandardInputOpen().StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^a$"), ProcessAssert.WaitLimit, cancellationToken: Token);
        await process.StandardInput.WriteLineAsync("go", Token);
        await process.WaitForLineAsync(new Regex("^b$"), ProcessAssert.WaitLimit, cancellationToken: Token);
        await process.StandardInput.WriteLineAsync("go", Token);

        var lines = await ToListAsync(process.Output);

        Assert.Equal(["a", "b", "c"], lines.Select(l => l.Text));
        Assert.Equal([OutputSource.StandardOutput, OutputSource.StandardError, OutputSource.StandardOutput], lines.Select(l => l.Source));
    }

    [LinuxFact]
    public async Task A_conversation_with_an_echo_loop()
    {
        await using var process = await Helper("echo-stdin").KeepStandardInputOpen().StartAsync(Token);
        await using var lines = process.StandardOutputLines.GetAsyncEnumerator(Token);

        foreach (var word in new[] { "hello", "world" })
        {
            await process.StandardInput.WriteLineAsync(word, Token);
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal(word, lines.Current);
        }

        await process.StandardInput.CloseAsync();
        Assert.False(await lines.MoveNextAsync());
        Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task A_conversation_with_bc()
    {
        if (!File.Exists("/usr/bin/bc"))
        {
            Assert.Skip("bc is not installed (Debian package bc).");
        }

        await using var process = await Track(new Command("bc", "-q")).KeepStandardInputOpen().StartAsync(Token);
        await using var answers = process.StandardOutputLines.GetAsyncEnumerator(Token);

        await process.StandardInput.WriteLineAsync("6 * 7", Token);
        Assert.True(await answers.MoveNextAsync());
        Assert.Equal("42", answers.Current);

        await process.StandardInput.WriteLineAsync("2 ^ 10", Token);
        Assert.True(await answers.MoveNextAsync());
        Assert.Equal("1024", answers.Current);

        await process.StandardInput.WriteLineAsync("quit", Token);
        Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task Writing_to_a_command_that_did_not_keep_stdin_open_is_refused()
    {
        await using var process = await Helper("out", "x").StartAsync(Token);

        Assert.Throws<InvalidOperationException>(() => process.StandardInput);
    }

    [LinuxFact]
    public async Task Terminate_is_true_when_the_process_exits_on_SIGTERM()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        await FirstLineAsync(process);

        Assert.True(await process.TerminateAsync(TimeSpan.FromMinutes(1), Token));
        Assert.Equal(15, (await process.Exited).Signal);
    }

    [LinuxFact]
    public async Task Terminate_refuses_a_grace_no_timer_can_measure_before_it_signals_anything()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        await FirstLineAsync(process);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>("grace", () => process.TerminateAsync(TimeSpan.MaxValue, Token));

        Assert.Contains("at most 49.7 days", error.Message, StringComparison.Ordinal);
        Assert.True(await process.TerminateAsync(TimeSpan.FromMinutes(1), Token), "the refused call sent nothing, so SIGTERM now ends it");
    }

    [LinuxFact]
    public async Task Terminate_is_false_when_the_process_had_to_be_killed()
    {
        var clock = new FakeTimeProvider();
        await using var process = await Helper("ignore-sigterm", "hang").WithTimeProvider(clock).StartAsync(Token);
        await FirstLineAsync(process);

        var terminating = process.TerminateAsync(TimeSpan.FromSeconds(5), Token);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await terminating);
        Assert.Equal(9, (await process.Exited).Signal);
    }

    [LinuxFact]
    public async Task Kill_ends_the_tree_and_the_result_says_so()
    {
        var pidFile = TempPath("grandchild.pid");
        await using var process = await Helper("grandchild", pidFile, "hang").StartAsync(Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, process.Exited);

        process.Kill();

        Assert.Equal(9, (await process.Exited).Signal);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task Disposing_in_the_middle_of_streaming_reaps_the_grandchildren()
    {
        var pidFile = TempPath("grandchild.pid");
        var process = await Helper("grandchild", pidFile, "out-lines", "1000000", "hang").StartAsync(Token);
        var leader = ProcessIdentity.Of(process.Id);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(pidFile, process.Exited);
        var seen = 0;
        await foreach (var line in process.StandardOutputLines.WithCancellation(Token))
        {
            if (++seen == 1000)
            {
                break;
            }
        }

        await process.DisposeAsync();

        Assert.True(process.HasExited);
        ProcessAssert.Gone(leader);
        await ProcessAssert.GoneSoonAsync(grandchild);
    }

    [LinuxFact]
    public async Task OnExit_callbacks_run_once_and_a_throwing_one_is_reported_not_rethrown()
    {
        await using var process = await Helper("out", "x", "exit", "3").StartAsync(Token);
        var seen = new List<int?>();
        process.OnExit(_ => throw new InvalidOperationException("callback bug"));
        process.OnExit(r => seen.Add(r.ExitCode));

        var result = await process.WaitForExitAsync(Token);
        process.OnExit(r => seen.Add(r.ExitCode + 100));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal([3, 103], seen);
        var failure = Assert.Single(process.CallbackFailures);
        Assert.Equal("callback bug", failure.Message);
    }

    [LinuxFact]
    public async Task Unread_lines_beyond_the_buffer_drop_the_oldest_and_are_counted()
    {
        await using var process = await Helper("out-lines", "100").WithUnreadLineBuffer(10, UnreadLinePolicy.DropOldest).StartAsync(Token);
        await process.Exited;

        var lines = await ToListAsync(process.StandardOutputLines);

        Assert.Equal(Enumerable.Range(91, 10).Select(i => $"line {i}"), lines);
        Assert.Equal(90, process.DroppedLineCount);
    }

    [LinuxFact]
    public async Task Unread_lines_beyond_the_buffer_drop_the_newest_when_asked()
    {
        await using var process = await Helper("out-lines", "100").WithUnreadLineBuffer(10, UnreadLinePolicy.DropNewest).StartAsync(Token);
        await process.Exited;

        var lines = await ToListAsync(process.StandardOutputLines);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"line {i}"), lines);
        Assert.Equal(90, process.DroppedLineCount);
    }

    [LinuxFact]
    public async Task Under_Fail_the_reader_gets_the_kept_lines_then_an_overflow_error()
    {
        await using var process = await Helper("out-lines", "100").WithUnreadLineBuffer(10, UnreadLinePolicy.Fail).StartAsync(Token);
        await process.Exited;
        var read = new List<string>();

        var error = await Assert.ThrowsAsync<UnreadLinesOverflowException>(async () =>
        {
            await foreach (var line in process.StandardOutputLines)
            {
                read.Add(line);
            }
        });

        Assert.Equal(10, read.Count);
        Assert.Equal(OutputSource.StandardOutput, error.OutputSource);
    }

    [LinuxFact]
    public async Task KeepAll_keeps_every_unread_line()
    {
        await using var process = await Helper("out-lines", "50000").WithUnreadLineBuffer(1, UnreadLinePolicy.KeepAll).StartAsync(Token);
        await process.Exited;

        Assert.Equal(50000, (await ToListAsync(process.StandardOutputLines)).Count);
        Assert.Equal(0, process.DroppedLineCount);
    }

    [LinuxFact]
    public async Task An_observer_sees_every_line_including_those_before_it_subscribed()
    {
        await using var process = await Helper("out", "early", "read-line", "out", "late").KeepStandardInputOpen().StartAsync(Token);
        await FirstLineAsync(process);
        var seen = new List<string>();

        using (process.ObserveLines(line => { lock (seen) { seen.Add(line.Text); } }))
        {
            await process.StandardInput.WriteLineAsync("go", Token);
            await process.Exited;
        }

        Assert.Equal(["early", "got: go", "late"], seen);
    }

    [LinuxFact]
    public async Task A_throwing_observer_is_removed_and_reported_once()
    {
        await using var process = await Helper("out", "early", "read-line", "out", "late").KeepStandardInputOpen().StartAsync(Token);
        await FirstLineAsync(process);
        var calls = 0;

        using (process.ObserveLines(_ => { calls++; throw new InvalidOperationException("observer bug"); }))
        {
            await process.StandardInput.WriteLineAsync("go", Token);
            await process.Exited;
        }

        Assert.Equal(1, calls);
        Assert.Equal("observer bug", Assert.Single(process.CallbackFailures).Message);
    }

    [LinuxFact]
    public async Task A_started_process_in_a_group_is_disposed_without_touching_the_other_members()
    {
        await using var group = ProcessGroup.Create();
        await using var first = await Helper("out", "up", "hang").WithRunner(group).StartAsync(Token);
        var second = await group.StartAsync(Helper("out", "up", "hang"), Token);
        await FirstLineAsync(first);
        await FirstLineAsync(second);

        await second.DisposeAsync();

        Assert.True(second.HasExited);
        Assert.False(first.HasExited);
        Assert.Contains(first.Id, group.Members);
        Assert.DoesNotContain(second.Id, group.Members);
    }

    [LinuxFact]
    public async Task A_timeout_bounds_a_started_process_too()
    {
        var clock = new FakeTimeProvider();
        await using var process = await Helper("out", "up", "hang").WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).StartAsync(Token);
        await FirstLineAsync(process);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await process.Exited).TimedOut);
    }

    [LinuxFact]
    public async Task Starting_a_missing_program_throws_the_typed_error()
    {
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => Track(new Command("no-such-program-processkit")).StartAsync(Token));
    }

    private static async Task<string> FirstLineAsync(RunningProcess process)
    {
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (process.ObserveLines(line => first.TrySetResult(line.Text)))
        {
            return await first.Task.WaitAsync(ProcessAssert.WaitLimit, Token);
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(Token))
        {
            list.Add(item);
        }

        return list;
    }
}
