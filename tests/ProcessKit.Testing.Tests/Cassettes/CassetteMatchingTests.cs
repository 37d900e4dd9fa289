using System.Text;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>Which recording a command replays: the default aspects, the opt-in ones, a custom matcher, order and repeats, and any verb from any recording.</summary>
public sealed class CassetteMatchingTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Identical_commands_replay_in_recorded_order_then_miss_as_already_replayed()
    {
        var count = 0;
        await RecordAsync("order", new CannedRunner(c => CannedRunner.Result(c, $"call {Interlocked.Increment(ref count)}\n")), [new Command("poll"), new Command("poll"), new Command("poll")]);

        await using var runner = Player("order");
        Assert.Equal("call 1", await runner.RunAsync(new Command("poll"), Token));
        Assert.Equal("call 2", await runner.RunAsync(new Command("poll"), Token));
        Assert.Equal("call 3", await runner.RunAsync(new Command("poll"), Token));
        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("poll"), Token));
        Assert.Equal(0, miss.ReplayedMatchIndex);
    }

    [Fact]
    public async Task With_repeats_allowed_the_last_recording_replays_again()
    {
        var count = 0;
        await RecordAsync("repeat", new CannedRunner(c => CannedRunner.Result(c, $"call {Interlocked.Increment(ref count)}\n")), [new Command("poll"), new Command("poll")]);

        await using var runner = Player("repeat", new CassetteOptions { Mode = CassetteMode.ReplayOnly, AllowPlaybackRepeats = true });
        Assert.Equal("call 1", await runner.RunAsync(new Command("poll"), Token));
        Assert.Equal("call 2", await runner.RunAsync(new Command("poll"), Token));
        Assert.Equal("call 2", await runner.RunAsync(new Command("poll"), Token));
    }

    [Fact]
    public async Task Standard_input_is_matched_by_the_digest_of_its_content_whatever_its_form()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, c.StandardInput.ToString() + "\n"));
        await RecordAsync("stdin", real, [new Command("filter").WithStandardInput("alpha"), new Command("filter").WithStandardInput("beta"), new Command("filter")]);

        await using var runner = Player("stdin");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("beta"));
        Assert.Equal("Bytes(4)", await runner.RunAsync(new Command("filter").WithStandardInput(StandardInput.FromStream(stream)), Token));
        Assert.Equal("None", await runner.RunAsync(new Command("filter"), Token));
        Assert.Equal("Bytes(5)", await runner.RunAsync(new Command("filter").WithStandardInput(StandardInput.FromBytes(Encoding.UTF8.GetBytes("alpha"))), Token));
        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("filter").WithStandardInput("gamma"), Token));
        Assert.StartsWith("sha256:", miss.Request.StandardInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recorder_feeds_the_real_command_the_input_it_read_from_a_stream()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, c.StandardInput.ToString() + "\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("streamed"));

        await using var runner = _folder.Runner("stream", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll });

        Assert.Equal("Bytes(8)", await runner.RunAsync(new Command("filter").WithStandardInput(StandardInput.FromStream(stream)), Token));
    }

    [Fact]
    public async Task The_working_directory_is_ignored_by_default_and_matched_when_asked()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, Path.GetFileName(c.WorkingDirectory!) + "\n"));
        var one = Directory.CreateDirectory(Path.Combine(_folder.Path, "one")).FullName;
        var two = Directory.CreateDirectory(Path.Combine(_folder.Path, "two")).FullName;
        await RecordAsync("cwd", real, [new Command("ls").WithWorkingDirectory(one), new Command("ls").WithWorkingDirectory(two)]);

        await using (var byDefault = Player("cwd"))
        {
            Assert.Equal("one", await byDefault.RunAsync(new Command("ls").WithWorkingDirectory(two), Token));
        }

        await using var byDirectory = Player("cwd", new CassetteOptions { Mode = CassetteMode.ReplayOnly, MatchOn = CassetteMatchOn.Default | CassetteMatchOn.WorkingDirectory });
        Assert.Equal("two", await byDirectory.RunAsync(new Command("ls").WithWorkingDirectory(two), Token));
        Assert.Equal("one", await byDirectory.RunAsync(new Command("ls").WithWorkingDirectory(one), Token));
    }

    [Fact]
    public async Task Environment_names_are_matched_when_asked()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, string.Join(",", c.EnvironmentChanges.Keys) + "\n"));
        await RecordAsync("env", real, [new Command("tool"), new Command("tool").WithEnvironment("VERBOSE", "1")]);

        await using var runner = Player("env", new CassetteOptions { Mode = CassetteMode.ReplayOnly, MatchOn = CassetteMatchOn.Default | CassetteMatchOn.EnvironmentNames });
        Assert.Equal("VERBOSE", await runner.RunAsync(new Command("tool").WithEnvironment("VERBOSE", "2"), Token));
        Assert.Equal("", await runner.RunAsync(new Command("tool"), Token));
    }

    [Fact]
    public async Task A_custom_matcher_decides_alone()
    {
        await RecordAsync("custom", new CannedRunner(), [new Command("deploy", "--at", "09:00")]);

        await using var runner = Player("custom", new CassetteOptions
        {
            Mode = CassetteMode.ReplayOnly,
            Matcher = (command, recorded) => command.Program == recorded.Program && command.Arguments[0] == recorded.Arguments[0],
        });

        Assert.Equal("deploy --at 09:00", await runner.RunAsync(new Command("deploy", "--at", "17:30"), Token));
    }

    [Fact]
    public async Task Matching_on_nothing_replays_every_recording_in_order()
    {
        await RecordAsync("none", new CannedRunner(), [new Command("first"), new Command("second")]);

        await using var runner = Player("none", new CassetteOptions { Mode = CassetteMode.ReplayOnly, MatchOn = CassetteMatchOn.None });

        Assert.Equal("first", await runner.RunAsync(new Command("anything"), Token));
        Assert.Equal("second", await runner.RunAsync(new Command("else"), Token));
    }

    [Fact]
    public async Task Any_verb_replays_a_recording_of_another_verb()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, "line one\nline two\n", "warning\n", exitCode: 4));
        await RecordAsync("verbs", real, [new Command("tool"), new Command("tool"), new Command("tool")]);

        await using var runner = Player("verbs");
        var bytes = await runner.OutputBytesAsync(new Command("tool"), Token);
        Assert.Equal("line one\nline two\n", Encoding.UTF8.GetString(bytes.StandardOutput.Span));
        Assert.Equal(4, bytes.ExitCode);

        await using var process = await runner.StartAsync(new Command("tool"), Token);
        var lines = new List<string>();
        await foreach (var line in process.Output.WithCancellation(Token))
        {
            lines.Add(line.ToString());
        }

        Assert.Equal(["line one", "line two", "[stderr] warning"], lines);
        Assert.Equal(4, (await process.Exited).ExitCode);
        Assert.Equal(4, await runner.ExitCodeAsync(new Command("tool"), Token));
    }

    private RecordReplayRunner Player(string name, CassetteOptions? options = null) =>
        _folder.Runner(name, options ?? new CassetteOptions { Mode = CassetteMode.ReplayOnly });

    private async Task RecordAsync(string name, CannedRunner real, Command[] commands)
    {
        await using var runner = _folder.Runner(name, new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll });
        foreach (var command in commands)
        {
            await runner.OutputAsync(command, Token);
        }
    }
}
