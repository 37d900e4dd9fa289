using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The fields of real results and of the exceptions built from them (issue 2, section 4). The
/// rules themselves (success, diagnostics, tails) are unit-tested on hand-made results; these
/// check that a real run fills them in.
/// </summary>
public sealed class ResultFieldTests : SpawningTest
{
    [LinuxFact]
    public async Task A_successful_run_fills_every_field()
    {
        string[] arguments = ["out", "to stdout", "err", "to stderr"];

        var result = await Helper(arguments).OutputAsync(Token);

        Assert.Equal(TestHelperProgram.Path, result.Program);
        Assert.Equal(arguments, result.Arguments);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.TimedOut);
        Assert.False(result.ExitStatusUnknown);
        Assert.False(result.Truncated);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.Equal([0], result.SuccessExitCodes);
        Assert.True(result.IsSuccess);
        Assert.Equal("to stdout\n", result.StandardOutput);
        Assert.Equal("to stderr\n", result.StandardError);
        Assert.Equal("to stderr\n", result.Diagnostic);
        Assert.Equal("exited with code 0", result.Status);
        Assert.Same(result, result.EnsureSuccess());
    }

    [LinuxFact]
    public async Task A_bytes_result_fills_the_same_fields()
    {
        var result = await Helper("out", "to stdout", "exit", "2").OutputBytesAsync(Token);

        Assert.Equal(TestHelperProgram.Path, result.Program);
        Assert.Equal(["out", "to stdout", "exit", "2"], result.Arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.TimedOut);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.False(result.IsSuccess);
        Assert.True(result.StandardError.IsEmpty);
        Assert.Equal("to stdout\n", result.Diagnostic);
        var exit = Assert.Throws<ProcessExitException>(() => result.EnsureSuccess());
        Assert.Same(result, exit.Result);
    }

    [LinuxFact]
    public async Task Custom_success_codes_make_a_non_zero_exit_succeed_in_every_verb()
    {
        var command = Helper("out", "fine", "exit", "3").WithSuccessExitCodes(0, 3);

        var result = await command.OutputAsync(Token);

        Assert.True(result.IsSuccess);
        Assert.Equal([0, 3], result.SuccessExitCodes);
        Assert.Equal("fine", await command.RunAsync(Token));
        Assert.Equal(3, await command.ExitCodeAsync(Token));
    }

    [LinuxFact]
    public async Task Success_codes_without_zero_make_exit_zero_a_failure()
    {
        var exit = await Assert.ThrowsAsync<ProcessExitException>(() => Helper("exit", "0").WithSuccessExitCodes(3).RunAsync(Token));

        Assert.Equal(0, exit.ExitCode);
        Assert.Contains("success: 3", exit.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Diagnostic_falls_back_to_stdout_and_the_tail_field_stays_stderr()
    {
        var exit = await Assert.ThrowsAsync<ProcessExitException>(() => Helper("out", "the reason", "exit", "1").RunAsync(Token));

        Assert.Equal("the reason\n", ((ProcessResult)exit.Result).Diagnostic);
        Assert.Null(exit.StandardErrorTail);
        Assert.Contains("the reason", exit.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task EnsureSuccess_throws_the_type_that_matches_how_the_run_ended()
    {
        var failed = await Helper("exit", "5").OutputAsync(Token);
        var killed = await Shell("kill -9 $$").OutputAsync(Token);
        var timedOut = await Helper("hang").WithTimeout(TimeSpan.FromMilliseconds(500)).OutputBytesAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(5, Assert.Throws<ProcessExitException>(() => failed.EnsureSuccess()).ExitCode);
        Assert.Equal(9, Assert.Throws<ProcessExitException>(() => killed.EnsureSuccess()).Signal);
        var timeout = Assert.Throws<ProcessTimeoutException>(() => timedOut.EnsureSuccess());
        Assert.Same(timedOut, timeout.Result);
        Assert.Equal("timed out", timedOut.Status);
    }

    [LinuxFact]
    public async Task Exceptions_carry_the_structured_fields_of_IProcessError()
    {
        var command = Helper("err-lines", "30", "exit", "7");

        var error = await Assert.ThrowsAsync<ProcessExitException>(() => command.RunAsync(Token));

        var fields = Assert.IsAssignableFrom<IProcessError>(error);
        Assert.Equal(TestHelperProgram.Path, fields.Program);
        Assert.Equal(["err-lines", "30", "exit", "7"], fields.Arguments);
        Assert.Equal(7, fields.ExitCode);
        Assert.Equal(string.Join("\n", Enumerable.Range(11, 20).Select(i => $"err {i}")), fields.StandardErrorTail);
    }

    [LinuxFact]
    public async Task A_timeout_exception_carries_the_stderr_written_before_the_timeout()
    {
        var clock = new FakeTimeProvider();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Helper("err", "started work", "hang")
            .WithStandardError(OutputTarget.ToLineHandler(_ => ready.TrySetResult()))
            .WithTimeout(TimeSpan.FromMinutes(1))
            .WithTimeProvider(clock)
            .RunAsync(Token);
        await ready.Task.WaitAsync(ProcessAssert.WaitLimit, Token);

        clock.Advance(TimeSpan.FromMinutes(1));

        var timeout = await Assert.ThrowsAsync<ProcessTimeoutException>(() => run);
        var fields = Assert.IsAssignableFrom<IProcessError>(timeout);
        Assert.Null(fields.ExitCode);
        Assert.Equal("started work", fields.StandardErrorTail);
        Assert.Contains("started work", timeout.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Environment_values_never_appear_in_results_or_exception_messages()
    {
        const string Secret = "s3cr3t-value-that-must-not-leak";
        var command = Helper("err", "failing", "exit", "9").WithEnvironment("PROCESSKIT_TEST_SECRET", Secret);

        var result = await command.OutputAsync(Token);
        var exit = await Assert.ThrowsAsync<ProcessExitException>(() => command.RunAsync(Token));

        Assert.DoesNotContain(Secret, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.CommandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exit.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exit.ToString(), StringComparison.Ordinal);
    }
}
