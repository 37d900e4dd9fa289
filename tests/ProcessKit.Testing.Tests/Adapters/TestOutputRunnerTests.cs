using System.Collections.Concurrent;

namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>The runner the adapters bind to a test: what it writes to the test's output, and which tokens cancel its commands.</summary>
public sealed class TestOutputRunnerTests
{
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task A_command_its_output_and_how_it_ended_are_written()
    {
        var runner = Bind(new ScriptedRunner().On("git", "log").Once(ScriptedReply.Failure(3, "bad\n", "one\ntwo\n")));

        var result = await runner.OutputAsync(new Command("git", "log"), TestContext.Current.CancellationToken);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["$ git log", "  one", "  two", "  [stderr] bad"], _lines.Take(4));
        Assert.StartsWith("  -> exited with code 3 after ", _lines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_is_written_redacted()
    {
        var runner = Bind(new ScriptedRunner().On(CommandPattern.Program("tool")).Always(ScriptedReply.Success()));

        await runner.OutputAsync(new Command("tool", "--password=hunter2"), TestContext.Current.CancellationToken);

        Assert.Equal("$ tool --password=***", _lines.First());
        Assert.DoesNotContain(_lines, line => line.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_first_lines_of_a_stream_are_written_and_the_rest_counted()
    {
        var output = string.Join('\n', Enumerable.Range(1, TestOutputRunner.MaxLinesPerStream + 50).Select(i => $"line {i}"));
        var runner = Bind(new ScriptedRunner().On("many").Once(ScriptedReply.Success(output)));

        await runner.OutputAsync(new Command("many"), TestContext.Current.CancellationToken);

        Assert.Contains($"  line {TestOutputRunner.MaxLinesPerStream}", _lines);
        Assert.DoesNotContain($"  line {TestOutputRunner.MaxLinesPerStream + 1}", _lines);
        Assert.Contains("  ... 50 more lines", _lines);
    }

    [Fact]
    public async Task A_command_that_throws_is_written_and_the_exception_passed_on()
    {
        var runner = Bind(new ScriptedRunner().On("missing").Once(ScriptedReply.NotFound()));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => runner.OutputAsync(new Command("missing"), TestContext.Current.CancellationToken));

        Assert.Equal($"  -> {error.GetType().Name}: {error.Message.Split('\n')[0].TrimEnd('\r')}", _lines.Last());
    }

    [Fact]
    public async Task Bytes_are_counted_not_written()
    {
        var runner = Bind(new ScriptedRunner().On("cat").Once(ScriptedReply.Bytes(new byte[] { 1, 2, 3 })));

        await runner.OutputBytesAsync(new Command("cat"), TestContext.Current.CancellationToken);

        Assert.Equal("$ cat", _lines.First());
        Assert.EndsWith("; 3 bytes of output, 0 of error output", _lines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_token_cancels_a_command_the_caller_did_not_cancel()
    {
        using var test = new CancellationTokenSource();
        var runner = BindToTest(new ScriptedRunner().On("hang").Once(ScriptedReply.Pending()), test.Token);
        var run = runner.OutputAsync(new Command("hang"), TestContext.Current.CancellationToken);

        await test.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task The_caller_token_cancels_a_command_too()
    {
        using var test = new CancellationTokenSource();
        using var caller = new CancellationTokenSource();
        var runner = BindToTest(new ScriptedRunner().On("hang").Once(ScriptedReply.Pending()), test.Token);
        var run = runner.OutputAsync(new Command("hang"), caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_started_process_is_relayed_with_its_program_and_id_then_how_it_ended()
    {
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var kept = new List<IDisposable>();
        var reply = ScriptedReply.Streamed([ScriptedLine.Out("one"), ScriptedLine.Err("two")]);
        var runner = new TestOutputRunner(
            new ScriptedRunner().On("/usr/bin/worker").Once(reply),
            line =>
            {
                _lines.Enqueue(line);
                if (line.Contains("exited", StringComparison.Ordinal))
                {
                    ended.TrySetResult(line);
                }
            },
            CancellationToken.None,
            kept.Add);

        await using var process = await runner.StartAsync(new Command("/usr/bin/worker"), TestContext.Current.CancellationToken);
        var label = $"[worker {process.Id}]";
        var last = await ended.Task.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal("$ /usr/bin/worker &", _lines.First());
        Assert.Contains($"{label} one", _lines);
        Assert.Contains($"{label} [stderr] two", _lines);
        Assert.StartsWith($"{label} exited with code 0 after ", last, StringComparison.Ordinal);
        Assert.Single(kept);
    }

    private TestOutputRunner Bind(IProcessRunner inner) => new(inner, _lines.Enqueue, CancellationToken.None);

    private TestOutputRunner BindToTest(IProcessRunner inner, CancellationToken testToken) => new(inner, _lines.Enqueue, testToken);
}
