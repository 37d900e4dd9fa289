using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>Each mode: when the runner replays, when it records, what it saves; and the environment variable that overrides it.</summary>
public sealed class CassetteModeTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Once_records_when_the_cassette_is_missing_and_saves_on_dispose()
    {
        var real = new CannedRunner();
        await using (var runner = _folder.Runner("once", new CassetteOptions { Runner = real }))
        {
            Assert.Equal("tool a", (await runner.RunAsync(new Command("tool", "a"), Token)));
            Assert.False(File.Exists(_folder.File("once")), "nothing is written before the runner is disposed");
            Assert.Equal(1, runner.RecordedCount);
        }

        Assert.Equal(1, real.Calls);
        Assert.Contains("\"tool\"", _folder.Read("once"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_replays_an_existing_cassette_and_a_new_command_misses()
    {
        await RecordAsync("once", new Command("tool", "a"));
        var real = new CannedRunner();
        var before = _folder.Read("once");

        await using (var runner = _folder.Runner("once", new CassetteOptions { Runner = real }))
        {
            Assert.Equal("tool a", await runner.RunAsync(new Command("tool", "a"), Token));
            var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("tool", "b"), Token));
            Assert.Equal(CassetteMode.Once, miss.Mode);
            Assert.Equal(1, runner.ReplayedCount);
        }

        Assert.Equal(0, real.Calls);
        Assert.Equal(before, _folder.Read("once"));
    }

    [Fact]
    public async Task NewEpisodes_replays_what_exists_and_adds_what_is_new()
    {
        await RecordAsync("episodes", new Command("tool", "a"));
        var real = new CannedRunner();

        await using (var runner = _folder.Runner("episodes", new CassetteOptions { Runner = real, Mode = CassetteMode.NewEpisodes }))
        {
            Assert.Equal("tool a", await runner.RunAsync(new Command("tool", "a"), Token));
            Assert.Equal("tool b", await runner.RunAsync(new Command("tool", "b"), Token));
        }

        Assert.Equal(1, real.Calls);
        await using var replay = _folder.Runner("episodes", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("tool a", await replay.RunAsync(new Command("tool", "a"), Token));
        Assert.Equal("tool b", await replay.RunAsync(new Command("tool", "b"), Token));
    }

    [Fact]
    public async Task ReplayOnly_never_runs_or_writes_and_misses_on_anything_new()
    {
        await RecordAsync("ci", new Command("tool", "a"));
        var before = _folder.Read("ci");
        var real = new CannedRunner();

        await using (var runner = _folder.Runner("ci", new CassetteOptions { Runner = real, Mode = CassetteMode.ReplayOnly }))
        {
            Assert.Equal("tool a", await runner.RunAsync(new Command("tool", "a"), Token));
            await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("tool", "b"), Token));
        }

        Assert.Equal(0, real.Calls);
        Assert.Equal(before, _folder.Read("ci"));
    }

    [Fact]
    public async Task ReplayOnly_without_a_cassette_misses_and_says_the_cassette_does_not_exist()
    {
        await using var runner = _folder.Runner("absent", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.ReplayOnly });

        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("tool"), Token));

        Assert.False(miss.CassetteExists);
        Assert.Contains("does not exist", miss.Message, StringComparison.Ordinal);
        Assert.Contains("PROCESSKIT_CASSETTE_MODE=once", miss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAll_runs_everything_and_replaces_the_cassette_with_this_run()
    {
        await RecordAsync("all", new Command("tool", "old"));
        var real = new CannedRunner(command => CannedRunner.Result(command, "fresh\n"));

        await using (var runner = _folder.Runner("all", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }))
        {
            Assert.Equal("fresh", await runner.RunAsync(new Command("tool", "new"), Token));
        }

        Assert.Equal(1, real.Calls);
        var text = _folder.Read("all");
        Assert.DoesNotContain("\"old\"", text, StringComparison.Ordinal);
        Assert.Contains("\"new\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAll_rewrites_a_broken_cassette()
    {
        await File.WriteAllTextAsync(_folder.File("broken"), "{ not json", Token);

        await using (var runner = _folder.Runner("broken", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll }))
        {
            await runner.OutputAsync(new Command("tool"), Token);
        }

        await using var replay = _folder.Runner("broken", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("tool", await replay.RunAsync(new Command("tool"), Token));
    }

    [Theory]
    [InlineData("replay-only", CassetteMode.ReplayOnly)]
    [InlineData("RECORD_ALL", CassetteMode.RecordAll)]
    [InlineData(" NewEpisodes ", CassetteMode.NewEpisodes)]
    [InlineData("once", CassetteMode.Once)]
    [InlineData("", CassetteMode.NewEpisodes)]
    public void The_environment_variable_overrides_the_mode_given_in_code(string value, CassetteMode expected)
    {
        using var runner = _folder.Runner("any", new CassetteOptions { Mode = CassetteMode.NewEpisodes }, modeVariable: value);

        Assert.Equal(expected, runner.Mode);
    }

    [Fact]
    public async Task The_environment_variable_makes_a_recording_mode_replay_only()
    {
        await RecordAsync("ci", new Command("tool", "a"));
        var real = new CannedRunner();
        await using var runner = _folder.Runner("ci", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }, modeVariable: "replay-only");

        Assert.Equal("tool a", await runner.RunAsync(new Command("tool", "a"), Token));
        await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("tool", "b"), Token));
        Assert.Equal(0, real.Calls);
    }

    [Fact]
    public void An_invalid_value_of_the_environment_variable_is_refused_naming_it_and_the_valid_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _folder.Runner("any", new CassetteOptions(), modeVariable: "sometimes"));

        Assert.Contains("PROCESSKIT_CASSETTE_MODE", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sometimes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("once, new-episodes, replay-only, record-all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_environment_variable_is_read_from_this_process_when_no_reader_is_given()
    {
        // The public constructor reads the real variable.
        Assert.SkipWhen(Environment.GetEnvironmentVariable("PROCESSKIT_CASSETTE_MODE") is { Length: > 0 }, "PROCESSKIT_CASSETTE_MODE is set for this test run.");
        await using var runner = new RecordReplayRunner(_folder.Path, "real", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

        Assert.Equal(CassetteMode.ReplayOnly, runner.Mode);
    }

    private async Task RecordAsync(string name, params Command[] commands)
    {
        await using var runner = _folder.Runner(name, new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll });
        foreach (var command in commands)
        {
            await runner.OutputAsync(command, Token);
        }
    }
}
