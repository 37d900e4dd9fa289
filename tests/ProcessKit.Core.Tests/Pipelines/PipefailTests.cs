using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// Which stage a pipeline reports: the first that did not succeed and is not allowed to fail,
/// else the last. Standard output is always the last stage's; every stage's own result is kept.
/// </summary>
public sealed class PipefailTests : SpawningTest
{
    private const int SigPipe = 13;

    [LinuxFact]
    public async Task A_producer_killed_by_SIGPIPE_when_head_exits_early_is_allowed_to_fail()
    {
        // sort writes ~2 MB of sorted lines; head reads the first and exits, so sort's next write
        // meets a closed pipe and the kernel kills it with SIGPIPE (spawned children get the default disposition).
        var pipeline = Helper("out-lines", "200000")
            | Track(new Command("sort")).AllowFailureInPipeline()
            | Track(new Command("head", "-n", "1"));

        var result = await pipeline.OutputAsync(Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("line 1\n", result.StandardOutput);
        Assert.Equal(2, result.ReportedStageIndex);
        Assert.Equal("head", result.Program);
        Assert.Equal(0, result.Stages[0].ExitCode);
        Assert.Equal(SigPipe, result.Stages[1].Signal);
        Assert.Equal(0, result.Stages[2].ExitCode);
        Assert.Equal("line 1", await pipeline.RunAsync(Token));
    }

    [LinuxFact]
    public async Task The_same_SIGPIPE_fails_the_pipeline_when_the_stage_is_not_allowed_to_fail()
    {
        var pipeline = Helper("out-lines", "200000") | Track(new Command("sort")) | Track(new Command("head", "-n", "1"));

        var result = await pipeline.OutputAsync(Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal("sort", result.Program);
        Assert.Equal(SigPipe, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.Equal("line 1\n", result.StandardOutput); // stdout is the last stage's, whatever is reported
        var error = await Assert.ThrowsAsync<ProcessExitException>(() => pipeline.RunAsync(Token));
        Assert.Equal("sort", error.Program);
        Assert.Equal(SigPipe, error.Signal);
    }

    [LinuxFact]
    public async Task An_endless_producer_cut_off_by_head_is_killed_by_SIGPIPE()
    {
        var result = await (Track(new Command("yes")).AllowFailureInPipeline() | Track(new Command("head", "-n", "3"))).OutputAsync(Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("y\ny\ny\n", result.StandardOutput);
        Assert.Equal(SigPipe, result.Stages[0].Signal);
    }

    [LinuxFact]
    public async Task A_failing_middle_stage_is_reported_with_its_code_stderr_and_program()
    {
        // The middle stage reads nothing, so the first writes nothing: it could meet a closed pipe.
        var middle = Helper("err", "middle broke", "exit", "3");
        var result = await (Helper("err", "first talks") | middle | Helper("err", "last talks", "echo-stdin")).OutputAsync(Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("middle broke\n", result.StandardError);
        Assert.Equal(TestHelperProgram.Path, result.Program);
        Assert.Equal(middle.Arguments, result.Arguments);
        Assert.Equal("exited with code 3", result.Status);

        // Every stage's standard error was captured on its own.
        Assert.Equal(["first talks\n", "middle broke\n", "last talks\n"], result.Stages.Select(s => s.StandardError));
        Assert.Equal([0, 3, 0], result.Stages.Select(s => s.ExitCode ?? -1));
        Assert.Equal("", result.Stages[0].StandardOutput); // it went into the pipe
        Assert.Equal("middle broke", result.Diagnostic.Trim());
    }

    [LinuxFact]
    public async Task The_exception_names_the_failing_stage_and_carries_the_pipeline_result()
    {
        var pipeline = Helper("err", "first") | Helper("err", "middle broke", "exit", "3") | Helper("echo-stdin");

        var error = await Assert.ThrowsAsync<ProcessExitException>(() => pipeline.RunAsync(Token));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("middle broke", error.StandardErrorTail);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        var result = Assert.IsType<PipelineResult>(error.Result);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Contains("(stage 2 of 3)", result.ToString(), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task The_first_failing_stage_wins_over_a_later_one()
    {
        var result = await (Helper("err", "first", "exit", "2") | Helper("err", "second", "exit", "5")).OutputAsync(Token);

        Assert.Equal(0, result.ReportedStageIndex);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("first\n", result.StandardError);
    }

    [LinuxFact]
    public async Task A_stage_allowed_to_fail_is_skipped_and_the_next_failure_reported()
    {
        var result = await (Helper("exit", "2").AllowFailureInPipeline() | Helper("err", "second", "exit", "5")).OutputAsync(Token);

        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(5, result.ExitCode);
        Assert.Equal(2, result.Stages[0].ExitCode);
    }

    [LinuxFact]
    public async Task When_every_stage_succeeds_the_last_is_reported()
    {
        var result = await (Helper("out", "a", "err", "one") | Helper("err", "two", "echo-stdin")).OutputAsync(Token);

        Assert.True(result.IsSuccess);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("two\n", result.StandardError);
        Assert.Equal("a\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task A_stage_s_own_success_codes_decide_whether_it_failed()
    {
        var result = await (Helper("out", "a", "exit", "1").WithSuccessExitCodes(0, 1) | Helper("echo-stdin")).OutputAsync(Token);

        Assert.True(result.IsSuccess);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(1, result.Stages[0].ExitCode);
    }

    [LinuxFact]
    public async Task The_bytes_result_reports_the_same_stage()
    {
        var result = await (Helper("err", "first") | Helper("err", "middle broke", "exit", "3") | Helper("echo-stdin")).OutputBytesAsync(Token);

        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("middle broke\n"u8.ToArray(), result.StandardError.ToArray());
        Assert.Equal(3, result.Stages.Count);
        Assert.Equal("middle broke\n", result.Diagnostic);
    }
}
