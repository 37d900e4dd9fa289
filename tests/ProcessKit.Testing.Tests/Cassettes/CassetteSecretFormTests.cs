using System.Text.RegularExpressions;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Each form a secret takes, recorded from a real process that echoes it back on standard output
/// and error: the canary must be nowhere in the cassette's bytes, and the cassette must replay
/// for the same command carrying the real secret (the live command is normalised by the same rules).
/// </summary>
public sealed class CassetteSecretFormTests : SpawningTest
{
    /// <summary>Prints its arguments on standard output and standard error.</summary>
    private const string EchoArguments = "printf '%s\\n' \"$*\"; printf '%s\\n' \"$*\" >&2";

    private string Cassettes => TempPath("cassettes");

    [LinuxTheory]
    [InlineData("password-inline")]
    [InlineData("password-next")]
    [InlineData("api-key-inline")]
    [InlineData("token-next")]
    [InlineData("client-secret-inline")]
    [InlineData("url-password-argument")]
    [InlineData("secret-named-variable")]
    [InlineData("mysql-p")]
    [InlineData("bearer-header")]
    [InlineData("basic-header-one-argument")]
    [InlineData("api-key-header")]
    [InlineData("cookie-header")]
    [InlineData("password-pair-argument")]
    [InlineData("token-pair-on-stdout")]
    [InlineData("json-password-on-stdout")]
    [InlineData("url-password-in-plain-variable")]
    [InlineData("password-stdin")]
    [InlineData("password-pair-on-stdin")]
    [InlineData("short-password")]
    [InlineData("redis-cli-a")]
    [InlineData("curl-u")]
    [InlineData("sshpass-p")]
    [InlineData("user-pattern")]
    public async Task A_secret_in_this_form_is_never_written_and_the_cassette_replays(string form)
    {
        var (command, options, canary) = Form(form);

        ProcessResult recorded;
        await using (var recorder = new RecordReplayRunner(Cassettes, form, options with { Mode = CassetteMode.RecordAll }))
        {
            recorded = await recorder.OutputAsync(command, Token);
        }

        Assert.Equal(0, recorded.ExitCode);
        Assert.Contains(canary, recorded.StandardOutput, StringComparison.Ordinal);
        CassetteBytes.AssertAbsent(Path.Combine(Cassettes, form + ".json"), canary);

        await using var player = new RecordReplayRunner(Cassettes, form, options with { Mode = CassetteMode.ReplayOnly });
        var replayed = await player.OutputAsync(command, Token);
        Assert.Equal(0, replayed.ExitCode);
        Assert.Equal(1, player.ReplayedCount);
    }

    [LinuxFact]
    public async Task A_secret_written_to_a_started_process_is_never_written_and_the_cassette_replays()
    {
        var canary = Canary("dialog");
        var command = Tool("login", "read line; echo \"logged in with ${line#password=}\"").KeepStandardInputOpen();

        await using (var recorder = new RecordReplayRunner(Cassettes, "dialog", new CassetteOptions { Mode = CassetteMode.RecordAll }))
        {
            await using var process = await recorder.StartAsync(command, Token);
            await process.StandardInput.WriteLineAsync("password=" + canary, Token);
            await process.StandardInput.CloseAsync();
            Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
        }

        CassetteBytes.AssertAbsent(Path.Combine(Cassettes, "dialog.json"), canary);
        await using var player = new RecordReplayRunner(Cassettes, "dialog", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        await using var replayed = await player.StartAsync(command, Token);
        await replayed.StandardInput.WriteLineAsync("password=" + canary, Token);
        await replayed.StandardInput.CloseAsync();
        Assert.Equal(0, (await replayed.WaitForExitAsync(Token)).ExitCode);
        Assert.Equal(["logged in with {{secret}}"], replayed.RecentLines.Select(l => l.Text));
    }

    [LinuxFact]
    public async Task A_bare_short_flag_of_another_tool_is_kept()
    {
        var command = Tool("pg_isready", EchoArguments, "-h", "localhost", "-p", "54321");

        await using (var recorder = new RecordReplayRunner(Cassettes, "port", new CassetteOptions { Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(command, Token);
        }

        Assert.Contains("\"54321\"", await File.ReadAllTextAsync(Path.Combine(Cassettes, "port.json"), Token), StringComparison.Ordinal);
    }

    private (Command Command, CassetteOptions Options, string Canary) Form(string form)
    {
        var canary = Canary(form);
        var none = new CassetteOptions();
        return form switch
        {
            "password-inline" => (Tool("tool", EchoArguments, "--password=" + canary), none, canary),
            "password-next" => (Tool("tool", EchoArguments, "--password", canary), none, canary),
            "api-key-inline" => (Tool("tool", EchoArguments, "--api-key=" + canary), none, canary),
            "token-next" => (Tool("tool", EchoArguments, "--token", canary), none, canary),
            "client-secret-inline" => (Tool("tool", EchoArguments, "--client-secret=" + canary), none, canary),
            "url-password-argument" => (Tool("git", EchoArguments, "clone", $"https://deploy:{canary}@git.example.com/repo.git"), none, canary),
            "secret-named-variable" => (Tool("tool", "echo \"$API_TOKEN\"; echo \"$API_TOKEN\" >&2").WithEnvironment("API_TOKEN", canary), none, canary),
            "mysql-p" => (Tool("mysql", EchoArguments, "-u", "root", "-p" + canary, "shop"), none, canary),
            "bearer-header" => (Tool("curl", EchoArguments, "-H", "Authorization: Bearer " + canary, "https://api.example.com"), none, canary),
            "basic-header-one-argument" => (Tool("http", EchoArguments, "Authorization: Basic " + canary), none, canary),
            "api-key-header" => (Tool("curl", EchoArguments, "-H", "X-Api-Key: " + canary), none, canary),
            "cookie-header" => (Tool("curl", EchoArguments, "-H", "Cookie: session=" + canary), none, canary),
            "password-pair-argument" => (Tool("configure", EchoArguments, "PASSWORD=" + canary), none, canary),
            "token-pair-on-stdout" => (Tool("tool", "echo \"token=$VALUE\"; echo \"token=$VALUE\" >&2").WithEnvironment("VALUE", canary), none, canary),
            "json-password-on-stdout" => (Tool("tool", "printf '{\"password\":\"%s\"}\\n' \"$VALUE\"").WithEnvironment("VALUE", canary), none, canary),
            "url-password-in-plain-variable" => (
                Tool("psql", "p=${DATABASE_URL#*://*:}; echo \"${p%%@*}\"; echo \"${p%%@*}\" >&2").WithEnvironment("DATABASE_URL", $"postgresql://app:{canary}@db.example.com/shop"),
                none,
                canary),
            "password-stdin" => (Tool("docker", "cat; cat /dev/null >&2", "login", "--username", "me", "--password-stdin").WithStandardInput(canary + "\n"), none, canary),
            "password-pair-on-stdin" => (Tool("tool", "read line; echo \"${line#password=}\"; echo \"${line#password=}\" >&2").WithStandardInput("password=" + canary + "\n"), none, canary),
            "short-password" => (Tool("tool", EchoArguments, "--password", canary), none, canary),
            "redis-cli-a" => (Tool("redis-cli", EchoArguments, "-a", canary, "ping"), none, canary),
            "curl-u" => (Tool("curl", EchoArguments, "-u", "me:" + canary, "https://api.example.com"), none, canary),
            "sshpass-p" => (Tool("sshpass", EchoArguments, "-p", canary, "ssh", "host"), none, canary),
            "user-pattern" => (
                Tool("vendor", "echo \"issued $VALUE\"; echo \"issued $VALUE\" >&2").WithEnvironment("VALUE", canary),
                new CassetteOptions { SecretPatterns = [new Regex("acme_[a-z0-9]{20,}", RegexOptions.CultureInvariant)] },
                canary),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Not a form this test knows."),
        };
    }

    /// <summary>A unique value; five characters for the short form (a value too short for a password rule would be a different test).</summary>
    private static string Canary(string form) => form switch
    {
        "short-password" => "zq" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant(),
        "user-pattern" => "acme_" + Guid.NewGuid().ToString("N"),
        _ => $"canary-{form}-{Guid.NewGuid():N}",
    };

    /// <summary>A shell script named <paramref name="name"/> (the rules look at a tool's name) run with <paramref name="arguments"/>.</summary>
    private Command Tool(string name, string script, params string[] arguments)
    {
        var directory = Directory.CreateDirectory(TempPath("bin-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        SetFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Track(new Command(path, arguments));
    }
}
