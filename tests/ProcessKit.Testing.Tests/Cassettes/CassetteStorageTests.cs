using System.IO.Abstractions;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Nothing lost: when a cassette is saved (on dispose), atomically (a crash before the rename
/// leaves the old one), under a lock other writers wait on or time out on, never when the test
/// failed; and cassette names that cannot escape their folder.
/// </summary>
public sealed class CassetteStorageTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_crash_between_writing_and_renaming_leaves_the_old_cassette_intact()
    {
        await RecordAsync("crash", CassetteMode.RecordAll, new Command("tool", "old"));
        var before = await File.ReadAllBytesAsync(_folder.File("crash"), Token);
        var crashing = new FailingMoveFileSystem();

        var runner = _folder.Runner("crash", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll, FileSystem = crashing });
        await runner.OutputAsync(new Command("tool", "new"), Token);
        await Assert.ThrowsAsync<IOException>(() => runner.SaveAsync(Token));

        Assert.Equal(1, crashing.MoveAttempts);
        Assert.Equal(before, await File.ReadAllBytesAsync(_folder.File("crash"), Token));
        Assert.Equal(["crash.json", "crash.json.lock"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The lock was released and the recording kept: a writer that can rename saves it.
        runner.MarkFailed();
        await runner.DisposeAsync();
        await using var retry = _folder.Runner("crash", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.NewEpisodes });
        await retry.OutputAsync(new Command("tool", "newer"), Token);
        await retry.SaveAsync(Token);
        Assert.Contains("newer", _folder.Read("crash"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_files_left_by_a_writer_that_died_are_removed_by_the_next_save()
    {
        await RecordAsync("leftover", CassetteMode.RecordAll, new Command("tool", "old"));
        var before = _folder.Read("leftover");
        var leftover = _folder.File("leftover") + ".0123456789abcdef0123456789abcdef.tmp";
        await File.WriteAllTextAsync(leftover, "{ \"version\": 1, \"interac", Token);

        await using (var replay = _folder.Runner("leftover", new CassetteOptions { Mode = CassetteMode.ReplayOnly }))
        {
            Assert.Equal("tool old", await replay.RunAsync(new Command("tool", "old"), Token));
        }

        Assert.Equal(before, _folder.Read("leftover"));
        await RecordAsync("leftover", CassetteMode.NewEpisodes, new Command("tool", "new"));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Nothing_is_saved_when_the_test_is_marked_failed()
    {
        await using (var runner = _folder.Runner("failed", new CassetteOptions { Runner = new CannedRunner() }))
        {
            await runner.OutputAsync(new Command("tool"), Token);
            runner.MarkFailed();
        }

        Assert.False(File.Exists(_folder.File("failed")));
    }

    [Fact]
    public async Task An_explicit_save_writes_what_is_new_and_disposal_saves_the_rest()
    {
        await using (var runner = _folder.Runner("explicit", new CassetteOptions { Runner = new CannedRunner() }))
        {
            await runner.OutputAsync(new Command("tool", "first"), Token);
            await runner.SaveAsync(Token);
            Assert.Contains("first", _folder.Read("explicit"), StringComparison.Ordinal);
            await runner.SaveAsync(Token);
            await runner.OutputAsync(new Command("tool", "second"), Token);
        }

        var text = _folder.Read("explicit");
        Assert.Single(AllIndexesOf(text, "\"first\""));
        Assert.Single(AllIndexesOf(text, "\"second\""));
    }

    [Fact]
    public async Task A_disposed_runner_refuses_commands_and_saves()
    {
        var runner = _folder.Runner("disposed", new CassetteOptions { Runner = new CannedRunner() });
        await runner.DisposeAsync();
        runner.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => runner.OutputAsync(new Command("tool"), Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => runner.SaveAsync(Token));
        Assert.False(File.Exists(_folder.File("disposed")), "a runner that ran nothing writes nothing");
    }

    [Fact]
    public async Task Two_writers_adding_new_episodes_both_keep_theirs()
    {
        await RecordAsync("shared", CassetteMode.RecordAll, new Command("tool", "base"));
        var first = _folder.Runner("shared", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.NewEpisodes });
        var second = _folder.Runner("shared", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.NewEpisodes });
        await first.OutputAsync(new Command("tool", "from-first"), Token);
        await second.OutputAsync(new Command("tool", "from-second"), Token);

        await first.DisposeAsync();
        await second.DisposeAsync();

        await using var replay = _folder.Runner("shared", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("tool base", await replay.RunAsync(new Command("tool", "base"), Token));
        Assert.Equal("tool from-first", await replay.RunAsync(new Command("tool", "from-first"), Token));
        Assert.Equal("tool from-second", await replay.RunAsync(new Command("tool", "from-second"), Token));
    }

    [Fact]
    public async Task A_save_waits_while_another_writer_holds_the_lock_and_then_writes()
    {
        var clock = new FakeTimeProvider();
        var waiting = new LockWaitSignal();
        await using var runner = _folder.Runner("locked", new CassetteOptions
        {
            Runner = new CannedRunner(),
            TimeProvider = clock,
            Logger = waiting.Logger,
        });
        await runner.OutputAsync(new Command("tool"), Token);

        var held = await CassetteLock.AcquireAsync(new FileSystem(), _folder.File("locked"), TimeSpan.Zero, clock, onWaiting: null, Token);
        var save = runner.SaveAsync(Token);
        await waiting.Waiting.WaitAsync(Token);
        Assert.False(save.IsCompleted);
        Assert.False(File.Exists(_folder.File("locked")));

        held.Dispose();
        clock.Advance(CassetteLock.PollInterval);
        await save.WaitAsync(Token);

        Assert.Contains("\"tool\"", _folder.Read("locked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_fails_clearly_when_the_lock_stays_taken_and_keeps_what_was_recorded()
    {
        var clock = new FakeTimeProvider();
        var waiting = new LockWaitSignal();
        await using var runner = _folder.Runner("stuck", new CassetteOptions
        {
            Runner = new CannedRunner(),
            TimeProvider = clock,
            LockTimeout = TimeSpan.FromSeconds(5),
            Logger = waiting.Logger,
        });
        await runner.OutputAsync(new Command("tool"), Token);

        using (await CassetteLock.AcquireAsync(new FileSystem(), _folder.File("stuck"), TimeSpan.Zero, clock, onWaiting: null, Token))
        {
            var save = runner.SaveAsync(Token);
            await waiting.Waiting.WaitAsync(Token);
            clock.Advance(TimeSpan.FromSeconds(5));
            var error = await Assert.ThrowsAsync<CassetteLockTimeoutException>(() => save);

            Assert.Equal(_folder.File("stuck") + ".lock", error.LockPath);
            Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
            Assert.Contains("another writer held its lock file", error.Message, StringComparison.Ordinal);
            Assert.Contains("LockTimeout", error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_folder.File("stuck")));
        await runner.SaveAsync(Token);
        Assert.Contains("\"tool\"", _folder.Read("stuck"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_is_indented_JSON_with_a_stable_key_order_and_the_same_bytes_for_the_same_run()
    {
        async Task<byte[]> RecordWithFixedClockAsync(string name)
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            await using (var runner = _folder.Runner(name, new CassetteOptions { Runner = new CannedRunner(), TimeProvider = clock }))
            {
                await runner.OutputAsync(new Command("tool", "a").WithStandardInput("input"), Token);
                await runner.OutputAsync(new Command("tool", "b").WithEnvironment("B", "1").WithEnvironment("A", "2"), Token);
            }

            return await File.ReadAllBytesAsync(_folder.File(name), Token);
        }

        var first = await RecordWithFixedClockAsync("stable-1");
        var second = await RecordWithFixedClockAsync("stable-2");

        Assert.Equal(first, second);
        var text = Encoding.UTF8.GetString(first);
        Assert.StartsWith("{\n  \"version\": 1,\n  \"interactions\": [\n    {\n      \"verb\": \"output\",\n      \"program\": \"tool\",", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Contains("\"environmentNames\": [\n        \"A\",\n        \"B\"\n      ]", text, StringComparison.Ordinal);
        Assert.Contains("\"stdinLength\": 5", text, StringComparison.Ordinal);
        Assert.Contains("\"recordedAt\": \"2026-01-01T00:00:00+00:00\"", text, StringComparison.Ordinal);
        string[] keys = ["verb", "program", "arguments", "environmentNames", "stdin", "exitCode", "timedOut", "durationMs", "recordedAt", "stdout", "stderr"];
        var positions = keys.Select(key => text.IndexOf($"\"{key}\":", StringComparison.Ordinal)).ToArray();
        Assert.Equal(positions.Order(), positions);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside")]
    [InlineData("nested/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share")]
    [InlineData("C:/cassette")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("star*")]
    public void A_name_that_would_escape_the_folder_or_is_malformed_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new RecordReplayRunner(_folder.Path, name));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public async Task A_name_may_have_folders_inside_the_cassette_folder()
    {
        await using (var runner = _folder.Runner("GitTests/log", new CassetteOptions { Runner = new CannedRunner() }))
        {
            Assert.Equal(Path.Combine(_folder.Path, "GitTests", "log.json"), runner.CassettePath);
            await runner.OutputAsync(new Command("git", "log"), Token);
        }

        Assert.True(File.Exists(Path.Combine(_folder.Path, "GitTests", "log.json")));
        using var named = new RecordReplayRunner(_folder.Path, "already.json");
        Assert.Equal(Path.Combine(_folder.Path, "already.json"), named.CassettePath);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_option()
    {
        Assert.Equal("LockTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new RecordReplayRunner(_folder.Path, "x", new CassetteOptions { LockTimeout = TimeSpan.FromSeconds(-1) })).ParamName);
        Assert.Equal("Secrets", Assert.Throws<ArgumentException>(() => new RecordReplayRunner(_folder.Path, "x", new CassetteOptions { Secrets = [""] })).ParamName);
        Assert.Equal("Mode", Assert.Throws<ArgumentOutOfRangeException>(() => new RecordReplayRunner(_folder.Path, "x", new CassetteOptions { Mode = (CassetteMode)42 })).ParamName);
        Assert.Equal("Replacements", Assert.Throws<ArgumentException>(() => new RecordReplayRunner(_folder.Path, "x", new CassetteOptions { Replacements = [new("port", "1"), new("port", "2")] })).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentException>(() => new CassetteReplacement("guid", "x")).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentException>(() => new CassetteReplacement("Bad Kind", "x")).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => new CassetteReplacement("ok", "(unclosed"));
    }

    private static List<int> AllIndexesOf(string text, string value)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }

    private async Task RecordAsync(string name, CassetteMode mode, params Command[] commands)
    {
        await using var runner = _folder.Runner(name, new CassetteOptions { Runner = new CannedRunner(), Mode = mode });
        foreach (var command in commands)
        {
            await runner.OutputAsync(command, Token);
        }
    }
}
