using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Started processes (<see cref="IProcessRunner.StartAsync"/>): their lines, timing, input and
/// end are recorded from the real process and replayed by a <see cref="ScriptedProcess"/>.
/// </summary>
public sealed class StartedProcessCassetteTests : SpawningTest
{
    private string Cassettes => TempPath("cassettes");

    [LinuxFact]
    public async Task Lines_of_both_streams_and_the_exit_replay_as_recorded()
    {
        var command = Helper("out", "first", "err", "warning", "out", "second", "exit", "3");
        List<string> recordedLines;
        await using (var recorder = Recorder("lines"))
        {
            await using var process = await recorder.StartAsync(command, Token);
            recordedLines = await ReadAllAsync(process);
            Assert.Equal(3, (await process.WaitForExitAsync(Token)).ExitCode);
        }

        await using var player = Player("lines");
        await using var replayed = await player.StartAsync(command, Token);

        Assert.IsType<ScriptedProcess>(replayed);
        Assert.Equal(recordedLines, await ReadAllAsync(replayed));
        Assert.Equal(["first", "second"], recordedLines.Where(line => !line.StartsWith("[stderr]", StringComparison.Ordinal)));
        Assert.Contains("[stderr] warning", recordedLines);
        Assert.Equal(3, (await replayed.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task A_process_the_test_stopped_replays_until_it_is_stopped_again()
    {
        var command = Helper("out", "ready", "hang");
        await using (var recorder = Recorder("server"))
        {
            await using var process = await recorder.StartAsync(command, Token);
            await WaitForLineAsync(process, "ready");
            Assert.True(await process.TerminateAsync(TimeSpan.FromSeconds(10), Token));
        }

        Assert.Contains("\"stoppedByCaller\": true", await ReadCassetteAsync("server"), StringComparison.Ordinal);
        await using var player = Player("server");
        await using var replayed = await player.StartAsync(command, Token);
        await WaitForLineAsync(replayed, "ready");
        Assert.False(replayed.HasExited);

        Assert.True(await replayed.TerminateAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Equal(15, (await replayed.Exited).Signal);
    }

    [LinuxFact]
    public async Task Disposing_the_runner_stops_and_records_a_process_still_running()
    {
        var command = Helper("out", "ready", "hang");
        await using (var recorder = Recorder("left-running"))
        {
            var process = await recorder.StartAsync(command, Token);
            await WaitForLineAsync(process, "ready");
        }

        var cassette = await ReadCassetteAsync("left-running");
        Assert.Contains("\"stoppedByCaller\": true", cassette, StringComparison.Ordinal);
        Assert.Contains("\"text\": \"ready\"", cassette, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_conversation_replays_its_answers_and_ends_when_the_input_closes()
    {
        var command = Helper("read-line", "read-line").KeepStandardInputOpen();
        await using (var recorder = Recorder("dialog"))
        {
            await using var process = await recorder.StartAsync(command, Token);
            await process.StandardInput.WriteLineAsync("hello", Token);
            await WaitForLineAsync(process, "got: hello");
            await process.StandardInput.CloseAsync();
            Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
        }

        var cassette = await ReadCassetteAsync("dialog");
        Assert.Contains("\"source\": \"stdin\",\n          \"text\": \"hello\"", cassette, StringComparison.Ordinal);
        Assert.Contains("\"source\": \"stdinClosed\"", cassette, StringComparison.Ordinal);

        await using var player = Player("dialog");
        await using var replayed = await player.StartAsync(command, Token);
        await using var answers = replayed.StandardOutputLines.GetAsyncEnumerator(Token);
        await replayed.StandardInput.WriteLineAsync("hello", Token);
        Assert.True(await answers.MoveNextAsync());
        Assert.Equal("got: hello", answers.Current);
        Assert.False(replayed.HasExited);
        await replayed.StandardInput.CloseAsync();
        Assert.Equal(0, (await replayed.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task Recorded_speed_plays_each_line_after_its_recorded_delay_on_the_commands_clock()
    {
        Directory.CreateDirectory(Cassettes);
        await File.WriteAllTextAsync(Path.Combine(Cassettes, "timed.json"), """
            {
              "version": 1,
              "interactions": [
                {
                  "verb": "start",
                  "program": "server",
                  "arguments": [],
                  "environmentNames": [],
                  "stdin": "none",
                  "exitCode": 0,
                  "timedOut": false,
                  "durationMs": 900,
                  "recordedAt": "2026-11-21T10:00:00+00:00",
                  "stdout": "",
                  "stderr": "",
                  "events": [
                    { "offsetMs": 100, "source": "stdout", "text": "starting" },
                    { "offsetMs": 600, "source": "stderr", "text": "ready" }
                  ]
                }
              ]
            }
            """, Token);
        var clock = new FakeTimeProvider();
        await using var player = new RecordReplayRunner(Cassettes, "timed", new CassetteOptions { Mode = CassetteMode.ReplayOnly, Playback = CassettePlayback.RecordedSpeed });
        await using var process = await player.StartAsync(new Command("server").WithTimeProvider(clock), Token);
        var seen = Channel.CreateUnbounded<string>();
        using var observing = process.ObserveLines(line => seen.Writer.TryWrite(line.Text));

        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(seen.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("starting", await seen.Reader.ReadAsync(Token));
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(seen.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("ready", await seen.Reader.ReadAsync(Token));
        Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task Instant_playback_plays_every_line_at_once()
    {
        var command = Helper("out", "one", "sleep", "200", "out", "two");
        await using (var recorder = Recorder("instant"))
        {
            await using var process = await recorder.StartAsync(command, Token);
            await process.WaitForExitAsync(Token);
        }

        var clock = new FakeTimeProvider();
        await using var player = Player("instant");
        await using var replayed = await player.StartAsync(command.WithTimeProvider(clock), Token);

        Assert.Equal(0, (await replayed.WaitForExitAsync(Token)).ExitCode);
        Assert.Equal(["one", "two"], await ReadAllAsync(replayed));
    }

    [LinuxFact]
    public async Task A_program_that_cannot_start_replays_the_same_exception_for_every_verb()
    {
        var command = Track(new Command("/nonexistent/server"));
        await using (var recorder = Recorder("missing"))
        {
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => recorder.StartAsync(command, Token));
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => recorder.OutputAsync(command, Token));
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => recorder.OutputBytesAsync(command, Token));
        }

        await using var player = Player("missing");
        var started = await Assert.ThrowsAsync<ProcessNotFoundException>(() => player.StartAsync(command, Token));
        Assert.Equal("/nonexistent/server", started.Program);
        Assert.Equal(["/nonexistent/server"], started.SearchedPaths);
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => player.OutputAsync(command, Token));
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => player.OutputBytesAsync(command, Token));
    }

    [LinuxFact]
    public async Task A_missing_working_directory_replays_as_the_same_exception()
    {
        var missing = TempPath("not-created");
        var command = Helper("out", "x").WithWorkingDirectory(missing);
        await using (var recorder = Recorder("no-directory"))
        {
            await Assert.ThrowsAsync<WorkingDirectoryNotFoundException>(() => recorder.OutputAsync(command, Token));
        }

        await using var player = Player("no-directory");
        var error = await Assert.ThrowsAsync<WorkingDirectoryNotFoundException>(() => player.RunAsync(command, Token));
        Assert.Equal(missing, error.Directory);
    }

    [LinuxFact]
    public async Task A_file_as_working_directory_replays_as_the_same_exception()
    {
        var file = TempPath("a-file");
        await File.WriteAllTextAsync(file, "not a directory", Token);
        var command = Helper("out", "x").WithWorkingDirectory(file);
        await using (var recorder = Recorder("file-as-directory"))
        {
            await Assert.ThrowsAsync<WorkingDirectoryNotADirectoryException>(() => recorder.OutputAsync(command, Token));
        }

        Assert.Contains("\"kind\": \"workingDirectoryNotADirectory\"", await ReadCassetteAsync("file-as-directory"), StringComparison.Ordinal);
        await using var player = Player("file-as-directory");
        var error = await Assert.ThrowsAsync<WorkingDirectoryNotADirectoryException>(() => player.RunAsync(command, Token));
        Assert.Equal(file, error.Directory);
    }

    private RecordReplayRunner Recorder(string name) => new(Cassettes, name, new CassetteOptions { Mode = CassetteMode.RecordAll });

    private RecordReplayRunner Player(string name) => new(Cassettes, name, new CassetteOptions { Mode = CassetteMode.ReplayOnly });

    private Task<string> ReadCassetteAsync(string name) => File.ReadAllTextAsync(Path.Combine(Cassettes, name + ".json"), Token);

    private static Task<List<string>> ReadAllAsync(RunningProcess process) => ProcessLines.ReadAllAsync(process, Token);

    private static Task WaitForLineAsync(RunningProcess process, string text) => ProcessLines.WaitForAsync(process, text, Token);
}
