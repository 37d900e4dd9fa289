using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Playback;

public sealed class ScriptedProcessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_play_after_their_delays_on_the_commands_clock_then_it_exits()
    {
        var clock = new ManualTimeProvider();
        var command = new Command("server").WithTimeProvider(clock);
        await using var process = ScriptedProcess.Start(command, new ProcessScript
        {
            Lines = [ScriptedLine.Out("starting"), new ScriptedLine(TimeSpan.FromSeconds(5), OutputSource.StandardError, "ready")],
            Exit = ScriptedExit.WithCode(3),
        });
        var seen = new List<string>();
        using var observing = process.ObserveLines(l => { lock (seen) { seen.Add(l.Text); } });

        Assert.False(process.HasExited);
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await process.WaitForExitAsync(Token);

        Assert.Equal(["starting", "ready"], seen);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("starting\n", result.StandardOutput);
        Assert.Equal("ready\n", result.StandardError);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Duration);
    }

    [Fact]
    public async Task A_dialog_answers_each_input_line_and_ends_when_input_closes()
    {
        var command = new Command("bc").KeepStandardInputOpen();
        await using var process = ScriptedProcess.Start(command, new ProcessScript
        {
            Dialog = line => line == "6*7" ? ["42"] : ["?"],
            Exit = ScriptedExit.WhenInputCloses(0),
        });
        await using var answers = process.StandardOutputLines.GetAsyncEnumerator(Token);

        await process.StandardInput.WriteLineAsync("6*7", Token);
        Assert.True(await answers.MoveNextAsync());
        Assert.Equal("42", answers.Current);
        await process.StandardInput.CloseAsync();

        Assert.False(await answers.MoveNextAsync());
        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [Fact]
    public async Task A_server_script_runs_until_terminated()
    {
        await using var process = ScriptedProcess.Start(new Command("redis-server"), new ProcessScript
        {
            Lines = [ScriptedLine.Out("Ready to accept connections")],
            Exit = ScriptedExit.WhenStopped,
        });

        Assert.True(await process.TerminateAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Equal(15, (await process.Exited).Signal);
    }

    [Fact]
    public async Task Disposal_ends_it_with_SIGKILL()
    {
        var process = ScriptedProcess.Start(new Command("hang"), new ProcessScript { Exit = ScriptedExit.WhenStopped });

        await process.DisposeAsync();

        Assert.Equal(9, (await process.Exited).Signal);
    }

    [Fact]
    public async Task Scripted_signal_and_timeout_ends_are_reported_as_such()
    {
        await using var killed = ScriptedProcess.Start(new Command("x"), new ProcessScript { Exit = ScriptedExit.KilledBy(6) });
        await using var late = ScriptedProcess.Start(new Command("y"), new ProcessScript { Exit = ScriptedExit.TimedOut });

        Assert.Equal(6, (await killed.Exited).Signal);
        Assert.True((await late.Exited).TimedOut);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScriptedExit.KilledBy(0));
    }
}
