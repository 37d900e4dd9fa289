using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace ProcessKit.Testing.Tests.Doubles;

public sealed class ScriptedReplyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ScriptedRunner Answering(ScriptedReply reply) => new ScriptedRunner().On(CommandPattern.Any).Always(reply);

    [Fact]
    public async Task Success_carries_output_and_the_commands_identity()
    {
        var command = new Command("git", "status").WithSuccessExitCodes(0, 1);

        var result = await Answering(ScriptedReply.Success("clean\n", "hint")).OutputAsync(command, Token);

        Assert.Equal("git", result.Program);
        Assert.Equal(["status"], result.Arguments);
        Assert.Equal([0, 1], result.SuccessExitCodes);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("clean\n", result.StandardOutput);
        Assert.Equal("hint", result.StandardError);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Failure_fails_EnsureSuccess_as_a_real_exit_would()
    {
        var runner = Answering(ScriptedReply.Failure(2, "fatal: not a git repository"));

        var result = await runner.OutputAsync(new Command("git", "log"), Token);
        var error = await Assert.ThrowsAsync<ProcessExitException>(() => runner.RunAsync(new Command("git", "log"), Token));

        Assert.False(result.IsSuccess);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal("fatal: not a git repository", error.StandardErrorTail);
        Assert.Contains("git log exited with code 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_code_the_command_counts_as_success_is_success()
    {
        var result = await Answering(ScriptedReply.Failure(3)).OutputAsync(new Command("robocopy").WithSuccessExitCodes(0, 1, 3), Token);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Text_replies_serve_bytes_in_the_commands_encoding()
    {
        var runner = Answering(ScriptedReply.Success("é", "ü"));

        var utf8 = await runner.OutputBytesAsync(new Command("x"), Token);
        var latin1 = await runner.OutputBytesAsync(new Command("x").WithEncoding(Encoding.Latin1), Token);

        Assert.Equal("é"u8.ToArray(), utf8.StandardOutput.ToArray());
        Assert.Equal("ü"u8.ToArray(), utf8.StandardError.ToArray());
        Assert.Equal([0xE9], latin1.StandardOutput.ToArray());
        Assert.Equal(0, utf8.ExitCode);
    }

    [Fact]
    public async Task Bytes_replies_are_exact_for_bytes_and_decoded_for_text()
    {
        var runner = Answering(ScriptedReply.Bytes(new byte[] { 0x61, 0xFF, 0x62 }, "e"u8.ToArray(), exitCode: 4));

        var bytes = await runner.OutputBytesAsync(new Command("x"), Token);
        var text = await runner.OutputAsync(new Command("x"), Token);

        Assert.Equal([0x61, 0xFF, 0x62], bytes.StandardOutput.ToArray());
        Assert.Equal(4, bytes.ExitCode);
        Assert.Equal("a\uFFFDb", text.StandardOutput);
        Assert.Equal("e", text.StandardError);
    }

    [Fact]
    public async Task TimedOut_is_data_for_Output_and_a_timeout_exception_for_the_verbs_that_need_an_exit()
    {
        var runner = Answering(ScriptedReply.TimedOut("partial"));
        var command = new Command("slow").WithTimeout(TimeSpan.FromSeconds(30));

        var result = await runner.OutputAsync(command, Token);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(9, result.Signal);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Duration);
        Assert.Equal("partial", result.StandardOutput);
        Assert.False(result.IsSuccess);
        await Assert.ThrowsAsync<ProcessTimeoutException>(() => runner.RunAsync(command, Token));
        await Assert.ThrowsAsync<ProcessTimeoutException>(() => runner.ExitCodeAsync(command, Token));
        Assert.Equal(15, (await runner.OutputAsync(command.WithTimeout(TimeSpan.FromSeconds(30), grace: TimeSpan.FromSeconds(1)), Token)).Signal);
    }

    [Fact]
    public async Task KilledBy_has_a_signal_and_no_exit_code()
    {
        var runner = Answering(ScriptedReply.KilledBy(11, standardError: "Segmentation fault"));

        var result = await runner.OutputAsync(new Command("crashy"), Token);
        var error = await Assert.ThrowsAsync<ProcessExitException>(() => runner.ExitCodeAsync(new Command("crashy"), Token));

        Assert.Equal(11, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.Equal(11, error.Signal);
        Assert.Contains("killed by signal 11 (SIGSEGV)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScriptedReply.KilledBy(0));
    }

    [Fact]
    public async Task NotFound_throws_what_the_real_runner_throws_for_every_primitive()
    {
        var runner = Answering(ScriptedReply.NotFound());
        var command = new Command("terraform", "plan").WithEnvironment("PATH", "/opt/a:/opt/b");

        var error = await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.OutputAsync(command, Token));
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.OutputBytesAsync(command, Token));
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.StartAsync(command, Token));
        await Assert.ThrowsAnyAsync<FileNotFoundException>(() => runner.RunAsync(command, Token));

        Assert.Equal("terraform", error.Program);
        Assert.Equal(["plan"], error.Arguments);
        Assert.Equal(["/opt/a/terraform", "/opt/b/terraform"], error.SearchedPaths);
        Assert.Equal(["/work/tf"], (await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.OutputAsync(new Command("/work/tf"), Token))).SearchedPaths);
    }

    [Fact]
    public async Task NotFound_lists_each_PATH_directory_once_as_the_real_runner_does()
    {
        var runner = Answering(ScriptedReply.NotFound());
        var path = string.Join(Path.PathSeparator, "/opt/a", "/opt/b", "/opt/a/", "/opt/b");

        var error = await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.OutputAsync(new Command("terraform").WithEnvironment("PATH", path), Token));

        Assert.Equal([Path.Combine("/opt/a", "terraform"), Path.Combine("/opt/b", "terraform")], error.SearchedPaths);
    }

    [Fact]
    public async Task PermissionDenied_throws_what_the_real_runner_throws()
    {
        var runner = Answering(ScriptedReply.PermissionDenied());

        var error = await Assert.ThrowsAsync<ProcessPermissionException>(() => runner.OutputAsync(new Command("/opt/tool", "x"), Token));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => runner.StartAsync(new Command("tool"), Token));

        Assert.Equal("/opt/tool", error.Path);
        Assert.Equal(["x"], error.Arguments);
    }

    [Fact]
    public async Task Pending_times_out_on_the_commands_clock()
    {
        var clock = new FakeTimeProvider();
        var command = new Command("hang").WithTimeout(TimeSpan.FromSeconds(10)).WithTimeProvider(clock);

        var run = Answering(ScriptedReply.Pending()).OutputAsync(command, Token);
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(10));
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Duration);
    }

    [Fact]
    public async Task Pending_ends_by_cancellation_with_OperationCanceledException()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Answering(ScriptedReply.Pending()).OutputAsync(new Command("hang"), cancel.Token);

        Assert.False(run.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_pending_started_process_runs_until_stopped_or_timed_out()
    {
        var clock = new FakeTimeProvider();
        var runner = Answering(ScriptedReply.Pending());
        await using var server = await runner.StartAsync(new Command("server").WithTimeProvider(clock), Token);
        await using var limited = await runner.StartAsync(new Command("server").WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock), Token);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await limited.Exited).TimedOut);
        Assert.False(server.HasExited);
        Assert.True(await server.TerminateAsync(TimeSpan.FromSeconds(5), Token));
    }

    [Fact]
    public async Task Streamed_lines_come_after_their_delays_to_a_started_process()
    {
        var clock = new FakeTimeProvider();
        var runner = Answering(ScriptedReply.Streamed([
            ScriptedLine.Out("starting"),
            ScriptedLine.Out("ready").After(TimeSpan.FromSeconds(2)),
            ScriptedLine.Err("warning").After(TimeSpan.FromSeconds(1)),
        ], ScriptedExit.WithCode(0)));
        await using var process = await runner.StartAsync(new Command("server").WithTimeProvider(clock), Token);
        await using var lines = process.Output.GetAsyncEnumerator(Token);

        Assert.True(await lines.MoveNextAsync());
        Assert.Equal("starting", lines.Current.Text);
        var next = lines.MoveNextAsync();
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await next);
        Assert.Equal("ready", lines.Current.Text);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal(new OutputLine(OutputSource.StandardError, "warning", clock.GetUtcNow()), lines.Current);
        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [Fact]
    public async Task Streamed_lines_make_the_output_of_a_one_shot_run()
    {
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Out("a"), ScriptedLine.Err("b"), ScriptedLine.Out("c")], ScriptedExit.WithCode(5)));

        var result = await runner.OutputAsync(new Command("x"), Token);
        var bytes = await runner.OutputBytesAsync(new Command("x"), Token);

        Assert.Equal("a\nc\n", result.StandardOutput);
        Assert.Equal("b\n", result.StandardError);
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("a\nc\n"u8.ToArray(), bytes.StandardOutput.ToArray());
        Assert.Equal(5, bytes.ExitCode);
    }

    [Fact]
    public async Task A_one_shot_run_longer_than_the_commands_timeout_times_out()
    {
        var clock = new FakeTimeProvider();
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Out("early"), ScriptedLine.Out("late").After(TimeSpan.FromMinutes(5))]));

        var run = runner.OutputAsync(new Command("x").WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock), Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.Equal("early\n", result.StandardOutput);
    }

    [Fact]
    public async Task Canned_replies_start_as_processes_that_write_their_output_as_lines()
    {
        var runner = Answering(ScriptedReply.Failure(3, "oops\n", "one\ntwo"));

        await using var process = await runner.StartAsync(new Command("x"), Token);
        var lines = new List<string>();
        await foreach (var line in process.StandardOutputLines)
        {
            lines.Add(line);
        }

        var result = await process.Exited;
        Assert.Equal(["one", "two"], lines);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops\n", result.StandardError);
    }

    [Fact]
    public async Task A_dialog_answers_a_started_process_conversation()
    {
        var runner = Answering(ScriptedReply.Dialog(line => [$"echo: {line}"], prompt: "ready>"));
        await using var process = await runner.StartAsync(new Command("repl").KeepStandardInputOpen(), Token);
        await using var output = process.StandardOutputLines.GetAsyncEnumerator(Token);

        Assert.True(await output.MoveNextAsync());
        Assert.Equal("ready>", output.Current);
        await process.StandardInput.WriteLineAsync("hello", Token);
        Assert.True(await output.MoveNextAsync());
        Assert.Equal("echo: hello", output.Current);
        await process.StandardInput.CloseAsync();

        Assert.False(await output.MoveNextAsync());
        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [Fact]
    public async Task A_dialog_reads_a_one_shot_commands_input_line_by_line()
    {
        var runner = Answering(ScriptedReply.Dialog(new Dictionary<string, string> { ["6*7"] = "42", ["1+1"] = "2" }, exitCode: 0));

        var result = await runner.OutputAsync(new Command("bc").WithStandardInput("6*7\r\n1+1\nunknown"), Token);

        Assert.Equal("42\n2\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_dialog_started_with_fixed_input_reads_it_then_ends()
    {
        var runner = Answering(ScriptedReply.Dialog(line => [line.ToUpperInvariant()], exitCode: 7));

        await using var process = await runner.StartAsync(new Command("tr").WithStandardInput("abc\n"), Token);

        var result = await process.Exited;
        Assert.Equal("ABC\n", result.StandardOutput);
        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task A_computed_reply_sees_the_command()
    {
        var runner = Answering(ScriptedReply.Computed(c => ScriptedReply.Success(string.Join(' ', c.Arguments) + " from " + c.WorkingDirectory)));

        Assert.Equal("a b from /srv", await runner.RunAsync(new Command("echo", "a", "b").WithWorkingDirectory("/srv"), Token));
    }

    [Fact]
    public async Task A_computed_reply_that_is_null_or_throws_fails_the_call()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Answering(ScriptedReply.Computed(_ => null!)).OutputAsync(new Command("x"), Token));
        await Assert.ThrowsAsync<FormatException>(() => Answering(ScriptedReply.Computed(_ => throw new FormatException())).StartAsync(new Command("x"), Token));
    }

    [Fact]
    public async Task Throws_throws_the_given_exception_from_every_primitive()
    {
        var boom = new IOException("disk full");
        var runner = Answering(ScriptedReply.Throws(boom));

        Assert.Same(boom, await Assert.ThrowsAsync<IOException>(() => runner.OutputAsync(new Command("x"), Token)));
        Assert.Same(boom, await Assert.ThrowsAsync<IOException>(() => runner.OutputBytesAsync(new Command("x"), Token)));
        Assert.Same(boom, await Assert.ThrowsAsync<IOException>(() => runner.StartAsync(new Command("x"), Token)));
        var made = await Assert.ThrowsAsync<TimeoutException>(() => Answering(ScriptedReply.Throws(c => new TimeoutException(c.Program))).OutputAsync(new Command("y"), Token));
        Assert.Equal("y", made.Message);
    }

    [Fact]
    public void Bad_replies_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => ScriptedReply.Success(null!));
        Assert.Throws<ArgumentException>(() => ScriptedReply.Streamed([ScriptedLine.Out("a"), null!]));
        Assert.Throws<ArgumentNullException>(() => ScriptedReply.Dialog((Func<string, IEnumerable<string>>)null!));
        Assert.Throws<ArgumentNullException>(() => ScriptedReply.Throws((Exception)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScriptedLine.Out("a").After(TimeSpan.FromSeconds(-1)));
    }
}
