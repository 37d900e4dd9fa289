using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>What a miss says: the normalised command, never recorded or already replayed, the nearest recordings argument by argument, and how to re-record.</summary>
public sealed class CassetteMissTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_command_never_recorded_shows_the_nearest_recordings_argument_by_argument()
    {
        await RecordAsync([new Command("git", "log", "--oneline", "-n", "3"), new Command("git", "status"), new Command("docker", "ps")]);
        await using var runner = Player();

        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("git", "log", "--oneline", "-n", "5", "--all"), Token));

        Assert.Null(miss.ReplayedMatchIndex);
        Assert.True(miss.CassetteExists);
        Assert.Equal(_folder.File("miss"), miss.CassettePath);
        Assert.Equal("git log --oneline -n 5 --all", miss.Request.ToString());
        Assert.Equal("git log --oneline -n 3", miss.NearestRecordings[0].ToString());
        var message = miss.Message;
        Assert.Contains(miss.CassettePath, message, StringComparison.Ordinal);
        Assert.Contains("(mode ReplayOnly)", message, StringComparison.Ordinal);
        Assert.Contains("  git log --oneline -n 5 --all\n", message, StringComparison.Ordinal);
        Assert.Contains("It was never recorded.", message, StringComparison.Ordinal);
        Assert.Contains("  [0] git log --oneline -n 3\n", message, StringComparison.Ordinal);
        Assert.Contains("      argument 4: '5' here, '3' recorded\n", message, StringComparison.Ordinal);
        Assert.Contains("      argument 5: '--all' here, absent recorded\n", message, StringComparison.Ordinal);
        Assert.Contains("  [1] git status\n", message, StringComparison.Ordinal);
        Assert.Contains("PROCESSKIT_CASSETTE_MODE=new-episodes", message, StringComparison.Ordinal);
        Assert.Contains("PROCESSKIT_CASSETTE_MODE=record-all", message, StringComparison.Ordinal);
        Assert.True(message.IndexOf("[0] git log", StringComparison.Ordinal) < message.IndexOf("[1] git status", StringComparison.Ordinal), "nearest first");
    }

    [Fact]
    public async Task A_command_replayed_more_often_than_recorded_says_its_match_was_already_replayed()
    {
        await RecordAsync([new Command("git", "fetch")]);
        await using var runner = Player();
        await runner.OutputAsync(new Command("git", "fetch"), Token);

        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("git", "fetch"), Token));

        Assert.Equal(0, miss.ReplayedMatchIndex);
        Assert.Contains("It was recorded (interactions[0]) but has already been replayed", miss.Message, StringComparison.Ordinal);
        Assert.Contains("[0] git fetch  (already replayed)", miss.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaybackRepeats", miss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_is_shown_normalised_and_never_with_its_secrets()
    {
        await RecordAsync([new Command("tool")]);
        var temp = Path.Combine(_folder.Path, "work");
        await using var runner = _folder.Runner("miss", new CassetteOptions { Mode = CassetteMode.ReplayOnly, TemporaryDirectory = _folder.Path });

        var miss = await Assert.ThrowsAsync<CassetteMissException>(() =>
            runner.OutputAsync(new Command("tool", "--token=hunter2-canary", Path.Combine(temp, "file.txt"), "3f2504e0-4f89-11d3-9a0c-0305e82c3301").WithStandardInput("data"), Token));

        Assert.DoesNotContain("hunter2-canary", miss.Message, StringComparison.Ordinal);
        Assert.Contains("tool --token={{secret}} {{temp}}/work/file.txt {{guid:1}}", miss.Message, StringComparison.Ordinal);
        Assert.Contains("stdin: sha256:", miss.Message, StringComparison.Ordinal);
        Assert.Contains("      argument 1: '--token={{secret}}' here, absent recorded\n", miss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_and_opted_in_aspects_show_in_the_differences()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_folder.Path, "one")).FullName;
        await RecordAsync([new Command("sort").WithStandardInput("b\na\n").WithWorkingDirectory(directory)]);
        await using var runner = _folder.Runner("miss", new CassetteOptions { Mode = CassetteMode.ReplayOnly, MatchOn = CassetteMatchOn.Default | CassetteMatchOn.WorkingDirectory | CassetteMatchOn.EnvironmentNames });

        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("sort").WithEnvironment("LC_ALL", "C"), Token));

        Assert.Contains("stdin: none here, sha256:", miss.Message, StringComparison.Ordinal);
        Assert.Contains("working directory: none here, '", miss.Message, StringComparison.Ordinal);
        Assert.Contains("environment names: [LC_ALL] here, [] recorded", miss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_miss_shows_no_secret_of_the_command_or_of_the_recordings()
    {
        var recorded = new[] { "canary-miss-recorded-mysql", "canary-miss-recorded-bearer" };
        var live = new[] { "canary-miss-live-mysql", "canary-miss-live-bearer" };
        await RecordAsync([
            new Command("mysql", "-u", "root", "-p" + recorded[0], "-e", "select 1"),
            new Command("curl", "-H", "Authorization: Bearer " + recorded[1], "https://api.example.com/a"),
        ]);
        await using var runner = Player();

        var mysql = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("mysql", "-u", "root", "-p" + live[0], "-e", "select 2"), Token));
        var curl = await Assert.ThrowsAsync<CassetteMissException>(() => runner.OutputAsync(new Command("curl", "-H", "Authorization: Bearer " + live[1], "https://api.example.com/b"), Token));

        Assert.Equal("mysql -u root -p{{secret}} -e 'select 2'", mysql.Request.ToString());
        Assert.Contains("  [0] mysql -u root -p{{secret}} -e 'select 1'\n      argument 5: 'select 2' here, 'select 1' recorded\n  [1] ", mysql.Message, StringComparison.Ordinal);
        Assert.Contains("'Authorization: Bearer {{secret}}'", curl.Message, StringComparison.Ordinal);
        Assert.All(recorded.Concat(live), canary => Assert.DoesNotContain(canary, mysql.Message + curl.Message, StringComparison.Ordinal));
    }

    private RecordReplayRunner Player() => _folder.Runner("miss", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

    private async Task RecordAsync(Command[] commands)
    {
        await using var runner = _folder.Runner("miss", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll });
        foreach (var command in commands)
        {
            await runner.OutputAsync(command, Token);
        }
    }
}
