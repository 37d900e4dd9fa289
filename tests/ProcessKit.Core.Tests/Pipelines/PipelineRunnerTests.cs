using System.Globalization;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// The runner seam: in a <see cref="ProcessGroup"/> the stages are its members, joined by kernel
/// pipes; through any other runner each stage is started by that runner and fed line by line.
/// </summary>
public sealed class PipelineRunnerTests : SpawningTest
{
    [LinuxFact]
    public async Task In_a_group_the_stages_are_members_joined_by_a_kernel_pipe()
    {
        await using var group = ProcessGroup.Create();
        var first = TempPath("0.pid");
        var second = TempPath("1.pid");
        var pipeline = Helper("write-pid", first, "out", "x", "hang").WithRunner(group) | Helper("write-pid", second, "echo-stdin").WithRunner(group);

        await using var running = await pipeline.StartAsync(Token);
        var writer = await ProcessAssert.WaitForPidFileAsync(first, running.Exited);
        var reader = await ProcessAssert.WaitForPidFileAsync(second, running.Exited);

        Assert.Contains(writer.Pid, group.Members);
        Assert.Contains(reader.Pid, group.Members);
        Assert.Equal(FdTarget(writer.Pid, 1), FdTarget(reader.Pid, 0));
        group.KillAll();
        Assert.Equal(9, (await running.Exited).Signal);
    }

    [LinuxFact]
    public async Task An_ambient_group_runs_a_one_shot_pipeline_as_its_members()
    {
        await using var group = ProcessGroup.Create();
        using (ProcessRunnerScope.Use(group))
        {
            var result = await (Helper("out-lines", "3") | Helper("echo-stdin")).OutputAsync(Token);

            Assert.Equal("line 1\nline 2\nline 3\n", result.StandardOutput);
        }
    }

    [LinuxFact]
    public async Task Through_another_runner_each_stage_is_started_by_it_and_fed_line_by_line()
    {
        var runner = new DelegatingRunner();
        var pipeline = Helper("out-lines", "3").WithRunner(runner) | Helper("err", "sorting", "echo-stdin").WithRunner(runner) | Track(new Command("sort", "-r")).WithRunner(runner);

        var result = await pipeline.OutputAsync(Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("line 3\nline 2\nline 1\n", result.StandardOutput);
        Assert.Equal("sorting\n", result.Stages[1].StandardError);
        Assert.Equal(3, runner.Started.Count);
        Assert.Equal(StandardInputKind.KeptOpen, runner.Started[1].StandardInput.Kind);
        Assert.Equal(StandardInputKind.None, runner.Started[0].StandardInput.Kind);
    }

    [LinuxFact]
    public async Task Through_another_runner_pipefail_picks_the_same_stage()
    {
        using var scope = ProcessRunnerScope.Use(new DelegatingRunner());

        var result = await (Helper("err", "first") | Helper("err", "middle broke", "exit", "3") | Helper("echo-stdin")).OutputAsync(Token);

        Assert.Equal(1, result.ReportedStageIndex);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("middle broke\n", result.StandardError);
    }

    [LinuxFact]
    public async Task Through_another_runner_a_stage_that_stops_reading_gets_its_producer_SIGPIPE()
    {
        using var scope = ProcessRunnerScope.Use(new DelegatingRunner());

        var result = await (Track(new Command("yes")).AllowFailureInPipeline() | Track(new Command("head", "-n", "1"))).OutputAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("y\n", result.StandardOutput);
        Assert.Equal(13, result.Stages[0].Signal);
    }

    [LinuxFact]
    public async Task Through_another_runner_the_pipeline_timeout_stops_every_stage()
    {
        var clock = new TimerWatchingClock();
        using var scope = ProcessRunnerScope.Use(new DelegatingRunner());
        var run = (Helper("write-pid", TempPath("0.pid"), "hang") | Helper("write-pid", TempPath("1.pid"), "hang")).WithTimeout(TimeSpan.FromMinutes(1)).WithTimeProvider(clock).OutputAsync(Token);
        await ProcessAssert.WaitForPidFileAsync(TempPath("0.pid"), run);
        await ProcessAssert.WaitForPidFileAsync(TempPath("1.pid"), run);
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers > 0, "the pipeline's deadline to be armed", run);

        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.All(result.Stages, stage => Assert.True(stage.TimedOut));
        Assert.All(result.Stages, stage => Assert.Null(stage.ExitCode));
    }

    [LinuxFact]
    public async Task Through_another_runner_a_started_pipeline_talks_through_the_first_stage()
    {
        using var scope = ProcessRunnerScope.Use(new DelegatingRunner());
        await using var pipeline = await (Helper("echo-stdin").KeepStandardInputOpen() | Helper("echo-stdin")).StartAsync(Token);
        await using var lines = pipeline.StandardOutputLines.GetAsyncEnumerator(Token);

        await pipeline.StandardInput.WriteLineAsync("ping", Token);
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal("ping", lines.Current);
        await pipeline.StandardInput.CloseAsync();

        Assert.Equal(0, (await pipeline.WaitForExitAsync(Token)).ExitCode);
    }

    [Fact]
    public async Task A_double_that_never_spawns_gets_each_stage_s_input_from_the_previous_stage()
    {
        var runner = new CannedRunner();
        using var scope = ProcessRunnerScope.Use(runner);

        var result = await (new Command("producer") | new Command("consumer")).OutputAsync(Token);

        Assert.Equal("canned output of consumer", result.StandardOutput.Trim());
        Assert.Equal("canned output of producer\n", runner.InputOf("consumer"));
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task A_runner_that_ignores_the_kept_open_input_cannot_run_a_pipeline()
    {
        using var scope = ProcessRunnerScope.Use(new CannedRunner(honourInput: false));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => (new Command("producer") | new Command("consumer")).OutputAsync(Token));

        Assert.Contains(typeof(CannedRunner).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("Stage 2", error.Message, StringComparison.Ordinal);
    }

    private static string FdTarget(int pid, int fd) =>
        new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget!;
}
