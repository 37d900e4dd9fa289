using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Playback;

/// <summary>
/// The doubles follow the timeout rule a real run does (one <c>Deadline</c>): on the command's or
/// pipeline's clock, what still runs is marked timed out and gets SIGTERM when a grace follows,
/// else SIGKILL; a script obeys that first signal, so no grace timer is left behind.
/// </summary>
public sealed class ScriptedDeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 9)]
    [InlineData(30, 15)]
    public async Task A_scripted_process_ends_timed_out_by_the_first_stop_signal(int graceSeconds, int signal)
    {
        var clock = new TimerWatchingClock();
        var command = new Command("hang").WithTimeout(Timeout, TimeSpan.FromSeconds(graceSeconds)).WithTimeProvider(clock);
        await using var process = ScriptedProcess.Start(command, new ProcessScript { Exit = ScriptedExit.WhenStopped });

        clock.Advance(Timeout);
        var result = await process.Exited.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(signal, result.Signal);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Theory]
    [InlineData(0, 9)]
    [InlineData(30, 15)]
    public async Task A_pipeline_of_scripted_stages_marks_every_stage_timed_out_and_stops_it_with_the_first_stop_signal(int graceSeconds, int signal)
    {
        var clock = new TimerWatchingClock();
        var runner = new ScriptedRunner();
        runner.On("producer").Always(ScriptedReply.Pending());
        runner.On("consumer").Always(ScriptedReply.Script(new ProcessScript { Exit = ScriptedExit.WhenInputCloses() }));
        using var scope = ProcessRunnerScope.Use(runner);
        var run = (new Command("producer") | new Command("consumer"))
            .WithTimeout(Timeout, TimeSpan.FromSeconds(graceSeconds))
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers > 0, "the pipeline's deadline to be armed", run);

        clock.Advance(Timeout);
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        // The consumer may end by itself once the stopped producer closes its input: it was
        // marked before any stage was signalled, so it still counts as timed out.
        Assert.True(result.TimedOut);
        Assert.All(result.Stages, stage => Assert.True(stage.TimedOut));
        Assert.Equal(signal, result.Stages[0].Signal);
        Assert.Equal(0, clock.ActiveTimers);
    }
}
