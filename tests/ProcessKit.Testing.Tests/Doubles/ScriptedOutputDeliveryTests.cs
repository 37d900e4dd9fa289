using System.Collections.Concurrent;
using System.Text;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>
/// A scripted reply's output reaches the command's output targets and limit exactly as a real
/// child's would: code under test that hands output to a line handler, writes it to a file or
/// bounds it sees the same through a double.
/// </summary>
public sealed class ScriptedOutputDeliveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("processkit-scripted-targets-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ScriptedRunner Answering(ScriptedReply reply) => new ScriptedRunner().On(CommandPattern.Any).Always(reply);

    [Fact]
    public async Task A_line_handler_gets_every_line_and_the_result_still_holds_them()
    {
        var lines = new ConcurrentQueue<string>();
        var command = new Command("tool").WithStandardOutput(OutputTarget.ToLineHandler(lines.Enqueue));

        var result = await Answering(ScriptedReply.Success("one\ntwo\nlast without newline")).OutputAsync(command, Token);

        Assert.Equal(["one", "two", "last without newline"], lines);
        Assert.Equal("one\ntwo\nlast without newline", result.StandardOutput);
    }

    [Fact]
    public async Task Streamed_lines_reach_a_standard_error_handler()
    {
        var lines = new ConcurrentQueue<string>();
        var command = new Command("tool").WithStandardError(OutputTarget.ToLineHandler(lines.Enqueue));
        var reply = ScriptedReply.Streamed([ScriptedLine.Out("progress"), ScriptedLine.Err("warning: a"), ScriptedLine.Err("warning: b")]);

        var result = await Answering(reply).OutputAsync(command, Token);

        Assert.Equal(["warning: a", "warning: b"], lines);
        Assert.Equal("progress\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_failing_line_handler_fails_the_verb_with_its_exception()
    {
        var command = new Command("tool").WithStandardOutput(OutputTarget.ToLineHandler(line => throw new InvalidDataException("bad line: " + line)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Answering(ScriptedReply.Success("x\n")).OutputAsync(command, Token));

        Assert.Equal("bad line: x", error.Message);
    }

    [Fact]
    public async Task Discarded_output_is_not_in_the_result()
    {
        var command = new Command("tool").WithStandardOutput(OutputTarget.Discard).WithStandardError(OutputTarget.Discard);

        var result = await Answering(ScriptedReply.Failure(2, "error text", "output text")).OutputAsync(command, Token);

        Assert.Equal("", result.StandardOutput);
        Assert.Equal("", result.StandardError);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Output_sent_to_a_file_is_written_there_truncating_or_appending()
    {
        var path = Path.Combine(_directory, "out.log");
        await File.WriteAllTextAsync(path, "old content\n", Token);
        var runner = Answering(ScriptedReply.Success("line\n"));

        var result = await runner.OutputAsync(new Command("tool").WithStandardOutput(OutputTarget.ToFile(path)), Token);
        await runner.OutputAsync(new Command("tool").WithStandardOutput(OutputTarget.ToFile(path, append: true)), Token);

        Assert.Equal("", result.StandardOutput);
        Assert.Equal("line\nline\n", await File.ReadAllTextAsync(path, Token));
    }

    [Fact]
    public async Task An_output_limit_truncates_as_for_a_real_child()
    {
        var command = new Command("tool").WithOutputLimit(new OutputLimit(maxLines: 2));

        var result = await Answering(ScriptedReply.Success("a\nb\nc\nd\n")).OutputAsync(command, Token);

        Assert.Equal("a\nb\n", result.StandardOutput);
        Assert.True(result.StandardOutputTruncated);
        Assert.False(result.StandardErrorTruncated);
    }

    [Fact]
    public async Task An_output_limit_keeps_the_tail_of_bytes_when_asked()
    {
        var command = new Command("tool").WithOutputLimit(new OutputLimit(maxBytes: 4, overflow: OverflowPolicy.DropOldest));

        var result = await Answering(ScriptedReply.Bytes(Encoding.UTF8.GetBytes("0123456789"))).OutputBytesAsync(command, Token);

        Assert.Equal("6789"u8.ToArray(), result.StandardOutput.ToArray());
        Assert.True(result.StandardOutputTruncated);
    }

    [Fact]
    public async Task An_overflow_under_the_error_policy_throws_with_the_kept_output()
    {
        var command = new Command("tool").WithOutputLimit(new OutputLimit(maxBytes: 3, overflow: OverflowPolicy.Error));

        var error = await Assert.ThrowsAsync<OutputTooLargeException>(() => Answering(ScriptedReply.Success("too much")).OutputAsync(command, Token));

        Assert.Equal("standard output", error.StreamName);
    }

    [Fact]
    public async Task Without_targets_or_a_limit_a_reply_is_returned_as_scripted()
    {
        var result = await Answering(ScriptedReply.KilledBy(9, "partial", "dying")).OutputAsync(new Command("tool"), Token);

        Assert.Equal("partial", result.StandardOutput);
        Assert.Equal("dying", result.StandardError);
        Assert.Equal(9, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task A_started_process_hands_its_lines_to_the_handler_and_still_streams_them()
    {
        var handled = new ConcurrentQueue<string>();
        var command = new Command("tool").WithStandardOutput(OutputTarget.ToLineHandler(handled.Enqueue));
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Out("a"), ScriptedLine.Out("b")]));

        await using var process = await runner.StartAsync(command, Token);
        var result = await process.WaitForExitAsync(Token);

        Assert.Equal(["a", "b"], handled);
        Assert.Equal(["a", "b"], await process.StandardOutputLines.ToListAsync(Token));
        Assert.Equal("a\nb\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_started_process_writing_to_a_file_shows_no_lines_of_that_stream()
    {
        var path = Path.Combine(_directory, "started.log");
        var command = new Command("tool").WithStandardOutput(OutputTarget.ToFile(path)).WithStandardError(OutputTarget.Discard);
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Out("to the file"), ScriptedLine.Err("discarded")]));

        await using var process = await runner.StartAsync(command, Token);
        var result = await process.WaitForExitAsync(Token);

        Assert.Empty(await process.Output.ToListAsync(Token));
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("", result.StandardError);
        Assert.Equal("to the file\n", await File.ReadAllTextAsync(path, Token));
    }

    [Fact]
    public async Task A_started_process_whose_handler_fails_ends_with_that_failure()
    {
        var command = new Command("tool").WithStandardError(OutputTarget.ToLineHandler(_ => throw new InvalidDataException("handler broke")));
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Err("x")]));

        await using var process = await runner.StartAsync(command, Token);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => process.WaitForExitAsync(Token));
        Assert.Equal("handler broke", error.Message);
    }

    [Fact]
    public async Task A_started_process_keeps_its_output_within_the_limit()
    {
        var command = new Command("tool").WithOutputLimit(new OutputLimit(maxLines: 1, overflow: OverflowPolicy.DropOldest));
        var runner = Answering(ScriptedReply.Streamed([ScriptedLine.Out("first"), ScriptedLine.Out("second"), ScriptedLine.Out("third")]));

        await using var process = await runner.StartAsync(command, Token);
        var result = await process.WaitForExitAsync(Token);

        Assert.Equal("third\n", result.StandardOutput);
        Assert.True(result.StandardOutputTruncated);
    }
}
