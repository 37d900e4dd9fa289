using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Output limits on real pipes, by bytes and by lines, under each overflow policy (the cutting
/// rules themselves are unit-tested on CaptureBuffer). The 100 MB cases are in <see cref="LargeOutputTests"/>.
/// </summary>
public sealed class OutputLimitTests : SpawningTest
{
    [LinuxFact]
    public async Task DropNewest_by_bytes_keeps_the_head_and_flags_only_the_stream_that_was_cut()
    {
        var result = await Helper("out-bytes", "300000", "err", "short").WithOutputLimit(new OutputLimit(maxBytes: 1000)).OutputBytesAsync(Token);

        Assert.Equal(HelperOutput.Text(0, 1000), result.StandardOutput.ToArray());
        Assert.True(result.StandardOutputTruncated);
        Assert.False(result.StandardErrorTruncated);
        Assert.Equal("short\n"u8.ToArray(), result.StandardError.ToArray());
        Assert.Equal(0, result.ExitCode);
    }

    [LinuxFact]
    public async Task DropOldest_by_bytes_keeps_the_tail()
    {
        var result = await Helper("out-bytes", "300000").WithOutputLimit(new OutputLimit(maxBytes: 1000, overflow: OverflowPolicy.DropOldest)).OutputBytesAsync(Token);

        Assert.Equal(HelperOutput.Text(299000, 1000), result.StandardOutput.ToArray());
        Assert.True(result.StandardOutputTruncated);
    }

    [LinuxFact]
    public async Task DropNewest_by_lines_keeps_the_first_lines()
    {
        var result = await Helper("out-lines", "100000", "err-lines", "100000").WithOutputLimit(new OutputLimit(maxLines: 10)).OutputAsync(Token);

        Assert.Equal(HelperOutput.Lines(1, 10), result.StandardOutput);
        Assert.Equal(HelperOutput.Lines(1, 10, "err "), result.StandardError);
        Assert.True(result.StandardOutputTruncated);
        Assert.True(result.StandardErrorTruncated);
    }

    [LinuxFact]
    public async Task DropOldest_by_lines_keeps_the_last_lines_counting_a_final_line_without_newline()
    {
        var result = await Helper("out-lines", "100000", "out-nonl", "tail").WithOutputLimit(new OutputLimit(maxLines: 3, overflow: OverflowPolicy.DropOldest)).OutputAsync(Token);

        Assert.Equal("line 99999\nline 100000\ntail", result.StandardOutput);
        Assert.True(result.Truncated);
    }

    [LinuxFact]
    public async Task Output_exactly_at_the_limit_is_not_truncated_and_does_not_throw()
    {
        var command = Helper("out-bytes", "5000", "err-lines", "7").WithOutputLimit(new OutputLimit(maxBytes: 5000, maxLines: 50, overflow: OverflowPolicy.Error));

        var result = await command.OutputAsync(Token);

        Assert.False(result.Truncated);
        Assert.Equal(5000, result.StandardOutput.Length);
        Assert.Equal(HelperOutput.Lines(1, 7, "err "), result.StandardError);
    }

    [LinuxFact]
    public async Task Error_on_stderr_names_standard_error_and_attaches_a_bytes_result_for_OutputBytes()
    {
        var limit = new OutputLimit(maxLines: 5, overflow: OverflowPolicy.Error);

        var error = await Assert.ThrowsAsync<OutputTooLargeException>(() => Helper("err-lines", "1000", "exit", "2").WithOutputLimit(limit).OutputBytesAsync(Token));

        Assert.Equal("standard error", error.StreamName);
        Assert.Same(limit, error.Limit);
        Assert.Equal(2, error.ExitCode);
        var result = Assert.IsType<BytesResult>(error.Result);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(HelperOutput.Lines(1, 5, "err ")), result.StandardError.ToArray());
        Assert.Equal(HelperOutput.Lines(1, 5, "err ").TrimEnd(), error.StandardErrorTail);
    }

    [LinuxFact]
    public async Task Error_is_thrown_by_every_verb_not_only_OutputAsync()
    {
        var command = Helper("out-lines", "20").WithOutputLimit(new OutputLimit(maxLines: 5, overflow: OverflowPolicy.Error));

        await Assert.ThrowsAsync<OutputTooLargeException>(() => command.RunAsync(Token));
        await Assert.ThrowsAsync<OutputTooLargeException>(() => command.ExitCodeAsync(Token));
        await Assert.ThrowsAsync<OutputTooLargeException>(() => command.ProbeAsync(Token));
        Assert.Throws<OutputTooLargeException>(() => command.Output(Token));
    }

    [LinuxFact]
    public async Task Both_bounds_stop_at_whichever_comes_first()
    {
        var byBytes = await Helper("out-lines", "1000").WithOutputLimit(new OutputLimit(maxBytes: 20, maxLines: 100)).OutputAsync(Token);
        var byLines = await Helper("out-lines", "1000").WithOutputLimit(new OutputLimit(maxBytes: 100_000, maxLines: 2)).OutputAsync(Token);

        Assert.Equal(HelperOutput.Lines(1, 1000)[..20], byBytes.StandardOutput);
        Assert.Equal("line 1\nline 2\n", byLines.StandardOutput);
    }

    [LinuxFact]
    public async Task A_line_handler_still_sees_every_line_beyond_the_capture_limit()
    {
        var seen = 0;
        var result = await Helper("out-lines", "5000")
            .WithStandardOutput(OutputTarget.ToLineHandler(_ => seen++))
            .WithOutputLimit(new OutputLimit(maxLines: 10))
            .OutputAsync(Token);

        Assert.Equal(5000, seen);
        Assert.Equal(HelperOutput.Lines(1, 10), result.StandardOutput);
        Assert.True(result.StandardOutputTruncated);
    }
}
