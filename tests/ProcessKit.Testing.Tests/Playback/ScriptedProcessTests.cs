using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Playback;

public sealed class ScriptedProcessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_play_after_their_delays_on_the_commands_clock_then_it_exits()
    {
        var clock = new FakeTimeProvider();
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

    [Fact]
    public async Task The_commands_timeout_ends_a_script_that_runs_longer()
    {
        var clock = new TimerWatchingClock();
        var command = new Command("slow").WithTimeout(TimeSpan.FromSeconds(30), grace: TimeSpan.FromSeconds(2)).WithTimeProvider(clock);
        await using var process = ScriptedProcess.Start(command, new ProcessScript
        {
            Lines = [ScriptedLine.Out("working"), ScriptedLine.Out("never").After(TimeSpan.FromMinutes(1))],
        });

        clock.Advance(TimeSpan.FromSeconds(30));
        var result = await process.Exited;

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(15, result.Signal);
        Assert.Equal("working\n", result.StandardOutput);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Duration);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public async Task A_script_that_ends_in_time_leaves_no_timer_behind()
    {
        var clock = new TimerWatchingClock();
        await using var process = ScriptedProcess.Start(new Command("quick").WithTimeout(TimeSpan.FromSeconds(30)).WithTimeProvider(clock), new ProcessScript());

        Assert.Equal(0, (await process.Exited).ExitCode);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public async Task Lines_are_due_at_points_on_the_clock_so_an_early_advance_is_not_lost()
    {
        var clock = new FakeTimeProvider();
        await using var process = ScriptedProcess.Start(new Command("x").WithTimeProvider(clock), new ProcessScript
        {
            Lines = [ScriptedLine.Out("a").After(TimeSpan.FromSeconds(1)), ScriptedLine.Out("b").After(TimeSpan.FromSeconds(1))],
        });

        // One jump past both due points: "b" must not wait for another second after "a".
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("a\nb\n", (await process.Exited).StandardOutput);
    }

    [Fact]
    public async Task A_commands_text_input_is_read_by_the_dialog_then_closed()
    {
        var command = new Command("sort").WithStandardInput("b\na\n");
        var seen = new List<string>();
        await using var process = ScriptedProcess.Start(command, new ProcessScript
        {
            Dialog = line =>
            {
                seen.Add(line);
                return [];
            },
            Exit = ScriptedExit.WhenInputCloses(0),
        });

        Assert.Equal(0, (await process.Exited).ExitCode);
        Assert.Equal(["b", "a"], seen);
        Assert.Throws<InvalidOperationException>(() => process.StandardInput);
    }

    [Fact]
    public async Task RunToEndAsync_plays_a_one_shot_run_and_feeds_its_input()
    {
        var command = new Command("rev").WithStandardInput(StandardInput.FromBytes("abc\nxy"u8.ToArray()));

        var result = await ScriptedProcess.RunToEndAsync(command, new ProcessScript
        {
            Lines = [ScriptedLine.Err("reversing")],
            Dialog = line => [new string([.. line.Reverse()])],
            Exit = ScriptedExit.WhenInputCloses(0),
        }, Token);

        Assert.Equal("cba\nyx\n", result.StandardOutput);
        Assert.Equal("reversing\n", result.StandardError);
    }

    [Fact]
    public async Task RunToEndAsync_gives_a_kept_open_input_end_of_file_at_once()
    {
        var result = await ScriptedProcess.RunToEndAsync(new Command("cat").KeepStandardInputOpen(), new ProcessScript { Exit = ScriptedExit.WhenInputCloses(4) }, Token);

        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public async Task RunToEndAsync_is_cancelled_by_its_token()
    {
        using var cancel = new CancellationTokenSource();
        var run = ScriptedProcess.RunToEndAsync(new Command("hang"), new ProcessScript { Exit = ScriptedExit.WhenStopped }, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public void FromOutput_tells_a_finished_run_as_lines()
    {
        var script = ProcessScript.FromOutput("one\r\ntwo\n\nlast", "err", ScriptedExit.WithCode(2));

        Assert.Equal(
            [ScriptedLine.Out("one"), ScriptedLine.Out("two"), ScriptedLine.Out(""), ScriptedLine.Out("last"), ScriptedLine.Err("err")],
            script.Lines);
        Assert.Equal(ScriptedExit.WithCode(2), script.Exit);
        Assert.Empty(ProcessScript.FromOutput("", "").Lines);
        Assert.Throws<ArgumentNullException>(() => ProcessScript.FromOutput(null!, ""));
    }
}
