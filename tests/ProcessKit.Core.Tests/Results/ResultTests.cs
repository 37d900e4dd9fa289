using System.Text;

namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// <see cref="ProcessResult"/> and <see cref="BytesResult"/> as data: built here with object
/// initializers, as a test double would build them, so every outcome can be checked without a process.
/// </summary>
public sealed class ResultTests
{
    [Fact]
    public void A_result_built_from_another_copies_every_status_property()
    {
        var status = new ProcessResult
        {
            Program = "tool",
            Arguments = ["a", "b"],
            ExitCode = 3,
            Signal = 15,
            KilledByMemoryLimit = true,
            TimedOut = true,
            ExitStatusUnknown = true,
            StandardOutputTruncated = true,
            StandardErrorTruncated = true,
            Duration = TimeSpan.FromMilliseconds(1234),
            SuccessExitCodes = [0, 3],
            StandardOutput = "out",
            StandardError = "err",
        };

        ProcessOutcome[] copies =
        [
            new ProcessResult(status, "o", "e"),
            new BytesResult(status, "o"u8.ToArray(), "e"u8.ToArray(), Encoding.Latin1),
            new PipelineResult(status, "o", "e", [status], 0),
            new PipelineBytesResult(status, "o"u8.ToArray(), "e"u8.ToArray(), [], 0, Encoding.Latin1),
        ];

        // Every public settable property of ProcessOutcome: one added later is copied too, or this fails.
        var statusProperties = typeof(ProcessOutcome).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).ToList();
        Assert.Equal(11, statusProperties.Count);
        Assert.All(copies, copy => Assert.All(statusProperties, property => Assert.Equal(property.GetValue(status), property.GetValue(copy))));
    }

    [Fact]
    public void Exit_code_zero_is_success_by_default()
    {
        var result = Text(exitCode: 0);

        Assert.True(result.IsSuccess);
        Assert.Equal([0], result.SuccessExitCodes);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(255)]
    public void A_non_zero_exit_code_is_not_success_by_default(int code)
    {
        Assert.False(Text(exitCode: code).IsSuccess);
    }

    [Fact]
    public void Custom_success_codes_decide_success()
    {
        var codes = new[] { 0, 3 };

        Assert.True(Text(exitCode: 3, successCodes: codes).IsSuccess);
        Assert.True(Text(exitCode: 0, successCodes: codes).IsSuccess);
        Assert.False(Text(exitCode: 1, successCodes: codes).IsSuccess);
        Assert.False(Text(exitCode: 0, successCodes: [1]).IsSuccess);
    }

    [Fact]
    public void A_timeout_is_never_success_even_with_a_success_code()
    {
        Assert.False(Text(exitCode: 0, timedOut: true).IsSuccess);
        Assert.False(Text(exitCode: null, timedOut: true).IsSuccess);
    }

    [Fact]
    public void A_signal_is_never_success()
    {
        Assert.False(Text(exitCode: null, signal: 9).IsSuccess);
    }

    [Fact]
    public void An_unknown_exit_status_is_never_success()
    {
        Assert.False(Text(exitCode: null, unknown: true).IsSuccess);
    }

    [Fact]
    public void Truncated_is_true_when_either_stream_was_cut()
    {
        Assert.True(new ProcessResult { Program = "p", Arguments = [], StandardOutput = "", StandardError = "", StandardOutputTruncated = true }.Truncated);
        Assert.True(new ProcessResult { Program = "p", Arguments = [], StandardOutput = "", StandardError = "", StandardErrorTruncated = true }.Truncated);
        Assert.False(new ProcessResult { Program = "p", Arguments = [], StandardOutput = "", StandardError = "" }.Truncated);
    }

    [Fact]
    public void Diagnostic_is_stderr_when_it_has_text()
    {
        Assert.Equal("err", Text(exitCode: 1, stdout: "out", stderr: "err").Diagnostic);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t")]
    public void Diagnostic_is_stdout_when_stderr_is_blank(string stderr)
    {
        Assert.Equal("out", Text(exitCode: 1, stdout: "out", stderr: stderr).Diagnostic);
    }

    [Fact]
    public void Bytes_Diagnostic_is_stderr_else_stdout_decoded_with_the_results_encoding()
    {
        Assert.Equal("err", Bytes(exitCode: 1, stdout: "out", stderr: "err").Diagnostic);
        Assert.Equal("out", Bytes(exitCode: 1, stdout: "out", stderr: "").Diagnostic);
        var latin1 = new BytesResult
        {
            Program = "p",
            Arguments = [],
            StandardOutput = new byte[] { 0xE9 },
            StandardError = ReadOnlyMemory<byte>.Empty,
            Encoding = Encoding.Latin1,
        };
        Assert.Equal("\u00e9", latin1.Diagnostic);
    }

    [Fact]
    public void Bytes_Diagnostic_is_stdout_when_stderr_is_blank_like_the_text_result()
    {
        Assert.Equal(Text(exitCode: 1, stdout: "out", stderr: "\n").Diagnostic, Bytes(exitCode: 1, stdout: "out", stderr: "\n").Diagnostic);
    }

    [Fact]
    public void Bytes_Diagnostic_replaces_invalid_bytes()
    {
        var result = new BytesResult
        {
            Program = "p",
            Arguments = [],
            StandardOutput = ReadOnlyMemory<byte>.Empty,
            StandardError = new byte[] { (byte)'a', 0xFF },
        };

        Assert.Equal("a\uFFFD", result.Diagnostic);
    }

    [Fact]
    public void Status_says_how_the_process_ended()
    {
        Assert.Equal("exited with code 0", Text(exitCode: 0).Status);
        Assert.Equal("exited with code 2", Text(exitCode: 2).Status);
        Assert.Equal("killed by signal 9 (SIGKILL)", Text(exitCode: null, signal: 9).Status);
        Assert.Equal("killed by signal 15 (SIGTERM)", Text(exitCode: null, signal: 15).Status);
        Assert.Equal("killed by signal 64 (signal 64)", Text(exitCode: null, signal: 64).Status);
        Assert.Equal("timed out", Text(exitCode: null, timedOut: true).Status);
        Assert.Equal("timed out", Text(exitCode: null, timedOut: true, signal: 9).Status);
        Assert.StartsWith("ended with an unknown status", Text(exitCode: null, unknown: true).Status, StringComparison.Ordinal);
        Assert.Equal("ended", Text(exitCode: null).Status);
    }

    [Fact]
    public void ToString_names_the_command_the_status_and_the_duration()
    {
        var result = Text(exitCode: 2, duration: TimeSpan.FromMilliseconds(1500));

        Assert.StartsWith("tool --flag: exited with code 2 after 1", result.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(" ms", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSuccess_returns_the_same_instance_on_success()
    {
        var text = Text(exitCode: 0);
        var bytes = Bytes(exitCode: 0);
        var custom = Text(exitCode: 3, successCodes: [3]);

        Assert.Same(text, text.EnsureSuccess());
        Assert.Same(bytes, bytes.EnsureSuccess());
        Assert.Same(custom, custom.EnsureSuccess());
    }

    [Fact]
    public void EnsureSuccess_on_a_timeout_throws_ProcessTimeoutException_catchable_as_TimeoutException()
    {
        var result = Text(exitCode: null, timedOut: true, stderr: "waiting...\n", duration: TimeSpan.FromSeconds(2));

        var error = Assert.Throws<ProcessTimeoutException>(() => result.EnsureSuccess());
        TimeoutException asBcl = error;

        Assert.Same(result, error.Result);
        Assert.Equal("tool", error.Program);
        Assert.Equal(["--flag"], error.Arguments);
        Assert.Null(error.ExitCode);
        Assert.Equal("waiting...", error.StandardErrorTail);
        Assert.Contains("tool --flag", asBcl.Message, StringComparison.Ordinal);
        Assert.Contains("2000 ms", asBcl.Message, StringComparison.Ordinal);
        Assert.Contains("WithTimeout", asBcl.Message, StringComparison.Ordinal);
        Assert.Contains("waiting...", asBcl.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_wins_over_a_success_code()
    {
        Assert.Throws<ProcessTimeoutException>(() => Text(exitCode: 0, timedOut: true).EnsureSuccess());
        Assert.Throws<ProcessTimeoutException>(() => Bytes(exitCode: 0, timedOut: true).EnsureSuccess());
    }

    [Fact]
    public void EnsureSuccess_on_a_failing_exit_throws_ProcessExitException_with_its_fields()
    {
        var result = Text(exitCode: 2, stdout: "partial output", stderr: "fatal: bad thing\n");

        var error = Assert.Throws<ProcessExitException>(() => result.EnsureSuccess());
        var fields = AsProcessError(error);

        Assert.Same(result, error.Result);
        Assert.Equal("tool", fields.Program);
        Assert.Equal(["--flag"], fields.Arguments);
        Assert.Equal(2, fields.ExitCode);
        Assert.Null(error.Signal);
        Assert.Equal("fatal: bad thing", fields.StandardErrorTail);
        Assert.Contains("tool --flag exited with code 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("success: 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("fatal: bad thing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSuccess_message_lists_custom_success_codes()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, successCodes: [0, 3]).EnsureSuccess());

        Assert.Contains("success: 0, 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSuccess_on_a_signal_throws_ProcessExitException_with_the_signal()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: null, signal: 9).EnsureSuccess());

        Assert.Null(error.ExitCode);
        Assert.Equal(9, error.Signal);
        Assert.Contains("killed by signal 9 (SIGKILL)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSuccess_on_an_unknown_status_throws_ProcessExitException()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: null, unknown: true).EnsureSuccess());

        Assert.Contains("unknown status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_EnsureSuccess_throws_like_the_text_result()
    {
        var error = Assert.Throws<ProcessExitException>(() => Bytes(exitCode: 4, stderr: "oops\n").EnsureSuccess());

        Assert.Equal(4, error.ExitCode);
        Assert.Equal("oops", error.StandardErrorTail);
        Assert.Throws<ProcessTimeoutException>(() => Bytes(exitCode: null, timedOut: true).EnsureSuccess());
    }

    [Fact]
    public void The_message_shows_stdout_when_stderr_is_empty_but_the_tail_field_stays_stderr()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, stdout: "only on stdout", stderr: "").EnsureSuccess());

        Assert.Contains("only on stdout", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StandardErrorTail);
    }

    [Fact]
    public void Blank_stderr_gives_no_tail()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, stderr: " \n\n").EnsureSuccess());

        Assert.Null(error.StandardErrorTail);
    }

    [Fact]
    public void StandardErrorTail_is_the_last_lines()
    {
        var lines = Enumerable.Range(1, 100).Select(i => $"line {i}").ToArray();
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, stderr: string.Join("\n", lines) + "\n").EnsureSuccess());

        var tail = error.StandardErrorTail!.Split('\n');

        Assert.InRange(tail.Length, 5, 50);
        Assert.Equal(lines[^tail.Length..], tail);
        Assert.Equal("line 100", tail[^1]);
    }

    [Fact]
    public void StandardErrorTail_of_a_short_stderr_is_all_of_it()
    {
        var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, stderr: "a\nb\nc").EnsureSuccess());

        Assert.Equal("a\nb\nc", error.StandardErrorTail);
    }

    [Fact]
    public void StandardErrorTail_is_at_most_about_4_KB_and_ends_with_the_last_output()
    {
        var longLines = string.Join("\n", Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 2000)));
        var oneHugeLine = new string('x', 100_000) + "END";

        foreach (var stderr in new[] { longLines, oneHugeLine })
        {
            var error = Assert.Throws<ProcessExitException>(() => Text(exitCode: 1, stderr: stderr).EnsureSuccess());

            Assert.InRange(error.StandardErrorTail!.Length, 1, 4096);
            Assert.EndsWith(stderr[^10..], error.StandardErrorTail, StringComparison.Ordinal);
            Assert.InRange(error.Message.Length, 1, 4096 + 1000);
        }
    }

    [Fact]
    public void OutputTooLargeException_carries_the_result_the_stream_and_the_limit()
    {
        var result = Text(exitCode: 0, stderr: "warn\n");
        var limit = new OutputLimit(maxBytes: 10, maxLines: 2, overflow: OverflowPolicy.Error);

        var error = new OutputTooLargeException(result, "standard output", limit);

        Assert.Same(result, error.Result);
        Assert.Equal("standard output", error.StreamName);
        Assert.Same(limit, error.Limit);
        Assert.Equal(0, error.ExitCode);
        Assert.Equal("warn", error.StandardErrorTail);
        Assert.Contains("10 bytes or 2 lines", error.Message, StringComparison.Ordinal);
    }

    private static IProcessError AsProcessError(Exception error) => Assert.IsAssignableFrom<IProcessError>(error);

    private static ProcessResult Text(
        int? exitCode,
        bool timedOut = false,
        int? signal = null,
        bool unknown = false,
        string stdout = "",
        string stderr = "",
        int[]? successCodes = null,
        TimeSpan duration = default) => new()
        {
            Program = "tool",
            Arguments = ["--flag"],
            ExitCode = exitCode,
            Signal = signal,
            TimedOut = timedOut,
            ExitStatusUnknown = unknown,
            SuccessExitCodes = successCodes ?? [0],
            Duration = duration,
            StandardOutput = stdout,
            StandardError = stderr,
        };

    private static BytesResult Bytes(int? exitCode, bool timedOut = false, string stdout = "", string stderr = "") => new()
    {
        Program = "tool",
        Arguments = ["--flag"],
        ExitCode = exitCode,
        TimedOut = timedOut,
        StandardOutput = Encoding.UTF8.GetBytes(stdout),
        StandardError = Encoding.UTF8.GetBytes(stderr),
    };
}
