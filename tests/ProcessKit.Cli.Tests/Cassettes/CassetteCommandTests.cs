using System.Text;
using ProcessKit.Cli.Tests.Infrastructure;

namespace ProcessKit.Cli.Tests.Cassettes;

/// <summary><c>processkit cassette show|check|redact</c> end to end, on cassettes written in the documented format.</summary>
public sealed class CassetteCommandTests : IDisposable
{
    private const string Canary = "canary-cli-4f1d2e3c5b6a7980";

    private readonly string _directory = Directory.CreateTempSubdirectory("processkit-cli-cassettes-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Show_prints_a_table_of_the_interactions()
    {
        var path = await WriteAsync("show", Cassette(
            Interaction("\"git\"", "[\"log\", \"--format=%H %s\"]", "\"exitCode\": 0,", stdout: "abc first\\n"),
            Interaction("\"git\"", "[\"push\"]", "\"exitCode\": 128,", stdout: "", stderr: "fatal: no remote\\n"),
            Interaction("\"redis-server\"", "[]", "\"signal\": 15, \"stoppedByCaller\": true,", stdout: "", extra: ", \"events\": [{ \"offsetMs\": 1, \"source\": \"stdout\", \"text\": \"ready\" }]", verb: "start"),
            Interaction("\"nope\"", "[]", "\"error\": { \"kind\": \"notFound\", \"message\": \"not found\" },", stdout: "")));

        var result = await CliProgram.Command("cassette", "show", path).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"Cassette {path}: format version 1, 4 interactions", lines[0]);
        Assert.Matches(@"^\s+#\s+VERB\s+RESULT\s+TIME\s+STDOUT\s+STDERR\s+RECORDED\s+COMMAND$", lines[2]);
        Assert.Matches(@"^\s+0\s+output\s+exit 0\s+2\.5 ms\s+10 B\s+0 B\s+2026-11-21 10:00:00\s+git log '--format=%H %s'$", lines[3]);
        Assert.Matches(@"^\s+1\s+output\s+exit 128\s+.*\s+17 B\s+.*git push$", lines[4]);
        Assert.Matches(@"^\s+2\s+start\s+stopped \(signal 15\)\s+.*1 line\s+0 lines\s+.*redis-server$", lines[5]);
        Assert.Matches(@"^\s+3\s+output\s+notFound\s+.*-\s+-\s+.*nope$", lines[6]);
    }

    [Fact]
    public async Task Check_accepts_a_valid_cassette()
    {
        var path = await WriteAsync("valid", Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "git version 2.39.5\\n")));

        var result = await CliProgram.Command("cassette", "check", path).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{path}: valid cassette, format version 1, 1 interaction, no secrets found.\n", result.StandardOutput.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Check_takes_files_and_directories_and_reports_each_cassette_on_its_own_line()
    {
        var valid = Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "git version 2.39.5\\n"));
        Directory.CreateDirectory(Path.Combine(_directory, "suite", "nested", ".hidden"));
        var single = await WriteAsync("single", valid);
        var first = await WriteAsync("suite/a", valid);
        var deep = await WriteAsync("suite/nested/.hidden/b", valid);
        var broken = await WriteAsync("suite/nested/broken", valid[..(valid.Length / 2)]);
        await File.WriteAllTextAsync(Path.Combine(_directory, "suite", "notes.txt"), "not a cassette", Token);

        var result = await CliProgram.Command("cassette", "check", single, Path.Combine(_directory, "suite"), first).OutputAsync(Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"{single}: valid cassette, format version 1, 1 interaction, no secrets found.",
                $"{first}: valid cassette, format version 1, 1 interaction, no secrets found.",
                $"{deep}: valid cassette, format version 1, 1 interaction, no secrets found.",
                "4 cassettes checked: 3 valid and clean, 1 not.",
            ],
            Lines(result.StandardOutput));
        var error = Assert.Single(Lines(result.StandardError));
        Assert.StartsWith($"processkit: The cassette '{broken}' is not valid at line ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_of_a_directory_of_clean_cassettes_exits_0()
    {
        var valid = Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "x"));
        await WriteAsync("one", valid);
        await WriteAsync("two", valid);

        var result = await CliProgram.Command("cassette", "check", _directory).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2 cassettes checked: 2 valid and clean, 0 not.", Lines(result.StandardOutput)[^1]);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task Check_fails_with_2_when_any_path_holds_no_cassette_or_does_not_exist()
    {
        var clean = await WriteAsync("clean", Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "x")));
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        var missing = Path.Combine(_directory, "absent.json");

        var result = await CliProgram.Command("cassette", "check", empty, clean, missing).OutputAsync(Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"processkit: no cassette (*.json file) in the directory '{empty}'", $"processkit: the cassette '{missing}' does not exist."],
            Lines(result.StandardError));
        Assert.Contains($"{clean}: valid cassette", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("redact")]
    public async Task Show_and_redact_say_a_directory_is_not_a_cassette_file(string verb)
    {
        var result = await CliProgram.Command("cassette", verb, _directory).OutputAsync(Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"processkit: '{_directory}' is a directory, not a cassette file ('processkit cassette check' takes directories).\n", result.StandardError.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("show")]
    [InlineData("check")]
    [InlineData("redact")]
    public async Task A_truncated_cassette_is_refused_with_exit_code_1_and_its_position(string verb)
    {
        var valid = Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "x"));
        var path = await WriteAsync("truncated", valid[..(valid.Length / 2)]);

        var result = await CliProgram.Command("cassette", verb, path).OutputAsync(Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The cassette '{path}' is not valid at line ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("cut short", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("check")]
    [InlineData("redact")]
    public async Task A_missing_cassette_exits_with_2(string verb)
    {
        var path = Path.Combine(_directory, "absent.json");

        var result = await CliProgram.Command("cassette", verb, path).OutputAsync(Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the cassette '{path}' does not exist", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_on_a_secret_of_its_environment_or_a_given_one_without_printing_it()
    {
        var path = await WriteAsync("leaky", Cassette(
            Interaction("\"curl\"", "[\"-H\", \"x\"]", "\"exitCode\": 0,", stdout: $"token {Canary}\\n"),
            Interaction("\"tool\"", "[]", "\"exitCode\": 0,", stdout: "password is swordfish-42\\n")));

        var result = await CliProgram.Command("cassette", "check", path, "--secret", "swordfish-42")
            .WithEnvironment("DEPLOY_TOKEN", Canary)
            .OutputAsync(Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}: $.interactions[0].stdout holds the value of DEPLOY_TOKEN", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{path}: $.interactions[1].stdout holds a value given with --secret", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("processkit cassette redact", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("swordfish-42", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_replaces_every_secret_atomically_and_the_result_checks_clean()
    {
        var binary = Convert.ToBase64String([0xFF, 0x00, .. Encoding.UTF8.GetBytes("swordfish-42"), 0xFE]);
        var path = await WriteAsync("redact", Cassette(
            Interaction("\"curl\"", "[\"--token\", \"" + Canary + "\", \"https://user:hunter2-pass@example.com\"]", "\"exitCode\": 0,", stdout: $"token {Canary}\\n"),
            Interaction("\"dump\"", "[]", "\"exitCode\": 0,", stdout: binary, extra: ", \"stdoutBase64\": true")));

        var result = await CliProgram.Command("cassette", "redact", path, "--secret", "swordfish-42")
            .WithEnvironment("DEPLOY_TOKEN", Canary)
            .OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"{path}: redacted ", result.StandardOutput, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(path, Token);
        Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-pass", text, StringComparison.Ordinal);
        Assert.Contains("\"token {{secret:DEPLOY_TOKEN}}\\n\"", text, StringComparison.Ordinal);
        Assert.Contains("\"https://user:{{secret}}@example.com\"", text, StringComparison.Ordinal);
        var redactedBinary = Encoding.Latin1.GetString(Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("interactions")[1].GetProperty("stdout").GetString()!));
        Assert.Equal("\u00FF\u0000{{secret}}\u00FE", redactedBinary);
        Assert.Equal(["redact.json", "redact.json.lock"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var check = await CliProgram.Command("cassette", "check", path, "--secret", "swordfish-42").WithEnvironment("DEPLOY_TOKEN", Canary).OutputAsync(Token);
        Assert.Equal(0, check.ExitCode);
    }

    [Fact]
    public async Task Check_flags_and_redact_removes_every_form_of_secret_by_the_rules_a_recording_applies()
    {
        string C(int form) => $"canary-form{form}-{Canary[7..]}";
        var shortPassword = "zqAB1";
        var pattern = "acme_0123456789abcdef0123456789";
        var forms = new[]
        {
            Interaction("\"mysql\"", $"[\"-u\", \"root\", \"-p{C(0)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"curl\"", $"[\"-H\", \"Authorization: Bearer {C(1)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"http\"", $"[\"Authorization: Basic {C(2)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"curl\"", $"[\"-H\", \"X-Api-Key: {C(3)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"configure\"", $"[\"PASSWORD={C(4)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"tool\"", "[]", "\"exitCode\": 0,", stdout: $"token={C(5)}\\n"),
            Interaction("\"tool\"", "[]", "\"exitCode\": 0,", stdout: $"{{\\\"password\\\":\\\"{C(6)}\\\"}}\\n"),
            Interaction("\"psql\"", "[]", "\"exitCode\": 0,", stdout: $"connected with {C(7)}\\n"),
            Interaction(
                "\"docker\"",
                "[\"login\", \"--password-stdin\"]",
                "\"exitCode\": 0,",
                stdout: "",
                extra: $", \"events\": [{{ \"offsetMs\": 1, \"source\": \"stdin\", \"text\": \"{C(8)}\" }}, {{ \"offsetMs\": 2, \"source\": \"stdout\", \"text\": \"got {C(8)}\" }}]",
                verb: "start"),
            Interaction("\"tool\"", $"[\"--password\", \"{shortPassword}\"]", "\"exitCode\": 0,", stdout: $"logged in as {shortPassword}\\n"),
            Interaction("\"redis-cli\"", $"[\"-a\", \"{C(10)}\", \"ping\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"curl\"", $"[\"-u\", \"me:{C(11)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"sshpass\"", $"[\"-p\", \"{C(12)}\", \"ssh\", \"host\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"curl\"", $"[\"-H\", \"Cookie: session={C(13)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"tool\"", $"[\"--client-secret={C(14)}\", \"--api-key={C(15)}\"]", "\"exitCode\": 0,", stdout: ""),
            Interaction("\"vendor\"", "[]", "\"exitCode\": 0,", stdout: $"issued {pattern}\\n"),
        };
        var canaries = Enumerable.Range(0, 16).Where(i => i != 9).Select(C).Append(shortPassword).Append(pattern).ToArray();
        var path = await WriteAsync("forms", Cassette(forms));
        var before = await File.ReadAllTextAsync(path, Token);
        Assert.All(canaries, canary => Assert.Contains(canary, before, StringComparison.Ordinal));
        Command Tool(string verb) =>
            CliProgram.Command("cassette", verb, path, "--secret-pattern", "acme_[a-z0-9]{20,}")
                .WithEnvironment("DATABASE_URL", $"postgresql://app:{C(7)}@db.example.com/shop");

        var check = await Tool("check").OutputAsync(Token);

        Assert.Equal(1, check.ExitCode);
        Assert.All(Enumerable.Range(0, forms.Length), i => Assert.Contains($"{path}: $.interactions[{i}].", check.StandardError, StringComparison.Ordinal));
        Assert.All(canaries, canary => Assert.DoesNotContain(canary, check.StandardError + check.StandardOutput, StringComparison.Ordinal));

        var redact = await Tool("redact").OutputAsync(Token);

        Assert.Equal(0, redact.ExitCode);
        var after = await File.ReadAllTextAsync(path, Token);
        Assert.All(canaries, canary => Assert.DoesNotContain(canary, after, StringComparison.Ordinal));
        Assert.Contains("\"-p{{secret}}\"", after, StringComparison.Ordinal);
        Assert.Contains("\"Authorization: Bearer {{secret}}\"", after, StringComparison.Ordinal);
        Assert.Contains("\"me:{{secret}}\"", after, StringComparison.Ordinal);
        Assert.Equal(0, (await Tool("check").OutputAsync(Token)).ExitCode);
    }

    [Fact]
    public async Task A_bad_secret_pattern_is_a_bad_command_line()
    {
        var path = await WriteAsync("pattern", Cassette(Interaction("\"git\"", "[\"--version\"]", "\"exitCode\": 0,", stdout: "x")));

        var result = await CliProgram.Command("cassette", "check", path, "--secret-pattern", "(unclosed").OutputAsync(Token);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("--secret-pattern '(unclosed' is not a valid regular expression", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_leaves_a_clean_cassette_untouched()
    {
        var path = await WriteAsync("clean", Cassette(Interaction("\"git\"", "[\"status\"]", "\"exitCode\": 0,", stdout: "clean\\n")));
        var before = await File.ReadAllBytesAsync(path, Token);

        var result = await CliProgram.Command("cassette", "redact", path).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{path}: nothing to redact.\n", result.StandardOutput.ReplaceLineEndings("\n"));
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Token));
    }

    [LinuxFact]
    public async Task Redact_waits_for_another_writer_to_release_the_lock()
    {
        var path = await WriteAsync("waits", Cassette(Interaction("\"tool\"", "[]", "\"exitCode\": 0,", stdout: "swordfish-42\\n")));
        var before = await File.ReadAllBytesAsync(path, Token);
        var held = HoldLock(path);
        RunningProcess redact;
        try
        {
            redact = await CliProgram.Command("cassette", "redact", path, "--secret", "swordfish-42").StartAsync(Token);
            await WaitForLineAsync(redact, "waiting for the lock");
            Assert.Equal(before, await File.ReadAllBytesAsync(path, Token));
        }
        finally
        {
            held.Dispose();
        }

        await using (redact)
        {
            Assert.Equal(0, (await redact.WaitForExitAsync(Token)).ExitCode);
        }

        Assert.DoesNotContain("swordfish-42", await File.ReadAllTextAsync(path, Token), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Redact_fails_clearly_when_the_lock_stays_taken_and_changes_nothing()
    {
        var path = await WriteAsync("stuck", Cassette(Interaction("\"tool\"", "[]", "\"exitCode\": 0,", stdout: "swordfish-42\\n")));
        var before = await File.ReadAllBytesAsync(path, Token);

        using (HoldLock(path))
        {
            var result = await CliProgram.Command("cassette", "redact", path, "--secret", "swordfish-42", "--lock-timeout", "0").OutputAsync(Token);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"another writer held its lock file '{path}.lock'", result.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(path, Token));
    }

    [Fact]
    public async Task Help_lists_the_cassette_commands()
    {
        var result = await CliProgram.Command("cassette", "--help").OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("processkit cassette [command] [options]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("show", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("check", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("redact", result.StandardOutput, StringComparison.Ordinal);
        var redact = await CliProgram.Command("cassette", "redact", "--help").OutputAsync(Token);
        Assert.Contains("--secret", redact.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--lock-timeout", redact.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Holds the cassette's lock the way a writer does: its lock file open with no sharing.</summary>
    private static FileStream HoldLock(string path) => new(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    private static string Cassette(params string[] interactions) =>
        "{\n  \"version\": 1,\n  \"interactions\": [\n" + string.Join(",\n", interactions) + "\n  ]\n}\n";

    private static string Interaction(string program, string arguments, string ending, string stdout, string stderr = "", string extra = "", string verb = "output") =>
        $$"""
            {
              "verb": "{{verb}}", "program": {{program}}, "arguments": {{arguments}}, "environmentNames": [], "stdin": "none",
              {{ending}} "timedOut": false, "durationMs": 2.5, "recordedAt": "2026-11-21T10:00:00+00:00",
              "stdout": "{{stdout}}", "stderr": "{{stderr}}"{{extra}}
            }
        """;

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_directory, name + ".json");
        await File.WriteAllTextAsync(path, text, Token);
        return path;
    }

    private static async Task WaitForLineAsync(RunningProcess process, string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var observing = process.ObserveLines(line =>
        {
            if (line.Text.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        });
        await Task.WhenAny(seen.Task, process.Exited).WaitAsync(Token);
        Assert.True(seen.Task.IsCompleted, $"The tool ended before it waited for the lock:\n{string.Join('\n', process.RecentLines)}");
    }
}
