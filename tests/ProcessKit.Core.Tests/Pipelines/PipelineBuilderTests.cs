using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// Building a pipeline: immutable, never empty, and refusing up front what cannot work (a stage
/// that would write its output or read its input anywhere but the pipe).
/// </summary>
public sealed class PipelineBuilderTests : SpawningTest
{
    private static readonly Command A = new("a");
    private static readonly Command B = new("b");
    private static readonly Command C = new("c");

    [Fact]
    public void Piping_appends_stages_and_leaves_the_original_unchanged()
    {
        var two = A | B;
        var three = two | C;

        Assert.Equal([A, B], two.Stages.Select(s => s.Command));
        Assert.Equal([A, B, C], three.Stages.Select(s => s.Command));
        Assert.Equal("a | b | c", three.ToString());
    }

    [Fact]
    public void Every_combination_of_commands_and_stages_pipes()
    {
        var allowed = B.AllowFailureInPipeline();

        Assert.Equal([false, true], (A | allowed).Stages.Select(s => s.FailureAllowed));
        Assert.Equal([true, false], (allowed | C).Stages.Select(s => s.FailureAllowed));
        Assert.Equal([true, true], (allowed | allowed).Stages.Select(s => s.FailureAllowed));
        Assert.Equal([false, false, true, false], (A | B | allowed | C).Stages.Select(s => s.FailureAllowed));
        Assert.Equal("a | b (may fail) | c", (A | allowed | C).ToString());
    }

    [Fact]
    public void Settings_are_kept_when_a_stage_is_appended()
    {
        var clock = new FakeTimeProvider();
        var pipeline = (A | B).WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)).WithTimeProvider(clock) | C;

        Assert.Equal(TimeSpan.FromSeconds(5), pipeline.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), pipeline.TimeoutGrace);
        Assert.Same(clock, pipeline.TimeProvider);
        Assert.Null(pipeline.WithTimeout(Timeout.InfiniteTimeSpan).Timeout);
        Assert.Null((A | B).Timeout);
    }

    [Fact]
    public void Null_operands_are_refused()
    {
        Command? missing = null;
        PipelineStage? missingStage = null;
        Pipeline? missingPipeline = null;

        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => missing! | B).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => A | missing!).ParamName);
        Assert.Throws<ArgumentNullException>(() => A | missingStage!);
        Assert.Throws<ArgumentNullException>(() => missingStage! | B);
        Assert.Throws<ArgumentNullException>(() => missingPipeline! | C);
        Assert.Throws<ArgumentNullException>(() => (A | B) | missing!);
        Assert.Throws<ArgumentNullException>(() => new PipelineStage(null!));
        Assert.Throws<ArgumentNullException>(() => (A | B).WithTimeProvider(null!));
    }

    [Fact]
    public void Bad_timeouts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (A | B).WithTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => (A | B).WithTimeout(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => (A | B).WithTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_stage_before_the_last_may_not_send_its_output_elsewhere()
    {
        foreach (var target in new[] { OutputTarget.Inherit, OutputTarget.Discard, OutputTarget.ToFile("out.txt"), OutputTarget.ToLineHandler(_ => { }) })
        {
            var middle = B.WithStandardOutput(target);

            var error = Assert.Throws<ArgumentException>(() => A | middle | C);

            Assert.Equal("source", error.ParamName);
            Assert.Contains("Stage 2 of the pipeline (b)", error.Message, StringComparison.Ordinal);
            Assert.Contains(target.ToString(), error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(OutputTarget.Inherit, (A | B.WithStandardOutput(OutputTarget.Inherit)).Stages[1].Command.StandardOutput);
    }

    [Fact]
    public void A_stage_after_the_first_may_not_read_its_own_input()
    {
        foreach (var input in new[] { StandardInput.Inherit, StandardInput.FromString("x"), StandardInput.FromFile("in.txt") })
        {
            var error = Assert.Throws<ArgumentException>(() => A | B | C.WithStandardInput(input));

            Assert.Equal("destination", error.ParamName);
            Assert.Contains("Stage 3 of the pipeline (c)", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => A | B.KeepStandardInputOpen());
        Assert.Equal(StandardInput.Inherit, (A.WithStandardInput(StandardInput.Inherit) | B).Stages[0].Command.StandardInput);
    }

    [LinuxFact]
    public async Task A_last_stage_allowed_to_fail_is_refused_when_run()
    {
        var pidFile = TempPath("0.pid");
        var pipeline = Helper("write-pid", pidFile) | Helper("echo-stdin").AllowFailureInPipeline();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.OutputAsync(Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.StartAsync(Token));

        Assert.Contains("WithSuccessExitCodes", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(pidFile));
    }
}
