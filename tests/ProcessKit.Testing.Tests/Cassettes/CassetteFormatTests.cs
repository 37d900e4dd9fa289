using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>Every kind of bad cassette is a <see cref="CassetteFormatException"/> that names the file, the position and the problem.</summary>
public sealed class CassetteFormatTests : IDisposable
{
    private const string Valid = """
        {
          "version": 1,
          "interactions": [
            {
              "verb": "output",
              "program": "git",
              "arguments": ["--version"],
              "environmentNames": [],
              "stdin": "none",
              "exitCode": 0,
              "timedOut": false,
              "durationMs": 2.5,
              "recordedAt": "2026-11-21T10:00:00+00:00",
              "stdout": "git version 2.39.5\n",
              "stderr": ""
            }
          ]
        }

        """;

    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_hand_written_cassette_in_the_documented_format_replays()
    {
        await File.WriteAllTextAsync(_folder.File("valid"), Valid, Token);
        await using var runner = _folder.Runner("valid", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

        var result = await runner.OutputAsync(new Command("git", "--version"), Token);

        Assert.Equal("git version 2.39.5\n", result.StandardOutput);
        Assert.Equal(2.5, result.Duration.TotalMilliseconds);
    }

    [Fact]
    public async Task Invalid_JSON_names_the_line_and_byte()
    {
        var error = await LoadAsync(Valid.Replace("\"program\": \"git\",", "\"program\": \"git\"", StringComparison.Ordinal));

        // The missing comma is found where the next field starts.
        Assert.Equal(7, error.LineNumber);
        Assert.NotNull(error.BytePositionInLine);
        Assert.Contains($"The cassette '{_folder.File("bad")}' is not valid at line 7, byte", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON:", error.Message, StringComparison.Ordinal);
        Assert.Contains("processkit cassette check", error.Message, StringComparison.Ordinal);
        Assert.Contains("PROCESSKIT_CASSETTE_MODE=record-all", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(200)]
    [InlineData(330)]
    public async Task A_truncated_file_says_it_was_cut_short_and_where(int length)
    {
        var error = await LoadAsync(Valid[..length]);

        Assert.Contains("the file ends before its JSON does", error.Problem, StringComparison.Ordinal);
        Assert.NotNull(error.LineNumber);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var error = await LoadAsync("  \n");

        Assert.Contains("the file is empty", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "newer ProcessKit")]
    [InlineData(0, "format version 0 is not supported")]
    public async Task An_unknown_version_is_refused_naming_both_versions(int version, string expected)
    {
        var error = await LoadAsync(Valid.Replace("\"version\": 1", $"\"version\": {version}", StringComparison.Ordinal) + "");

        Assert.Contains($"format version {version} is not supported: this ProcessKit reads version 1", error.Problem, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("$.version", error.JsonPath);
    }

    [Fact]
    public async Task A_newer_version_is_refused_for_its_version_even_with_fields_this_code_does_not_know()
    {
        var error = await LoadAsync("{ \"version\": 3, \"interactions\": [ { \"somethingNew\": true } ] }");

        Assert.Contains("format version 3 is not supported", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_after_the_interactions_is_still_checked()
    {
        var error = await LoadAsync("{ \"interactions\": [], \"version\": 9 }");

        Assert.Contains("format version 9 is not supported", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"program\": \"git\",", "", "a required field is missing: 'program'", "$.interactions[0]")]
    [InlineData("\"version\": 1,", "", "a required field is missing: 'version'", "$")]
    [InlineData("\"program\": \"git\",", "\"program\": null,", "'program' must not be null", "$.interactions[0].program")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"\", \"colour\": \"red\"", "unknown field 'colour'", "$.interactions[0].colour")]
    [InlineData("\"exitCode\": 0,", "\"exitCode\": \"zero\",", "the value of 'exitCode' has the wrong JSON type for that field", "$.interactions[0].exitCode")]
    [InlineData("\"verb\": \"output\",", "\"verb\": \"run\",", "unknown verb 'run'", "$.interactions[0].verb")]
    [InlineData("\"stdin\": \"none\",", "\"stdin\": \"sha256:xyz\",", "'sha256:xyz' is not none", "$.interactions[0].stdin")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"%%%\", \"stderrBase64\": true", "marked base64 but does not decode", "$.interactions[0].stderr")]
    [InlineData("\"durationMs\": 2.5,", "\"durationMs\": -1,", "the duration is negative", "$.interactions[0].durationMs")]
    [InlineData("\"arguments\": [\"--version\"],", "\"arguments\": [null],", "the value is null", "$.interactions[0].arguments[0]")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"\", \"events\": [{ \"offsetMs\": 1, \"source\": \"stdlog\", \"text\": \"x\" }]", "unknown source 'stdlog'", "$.interactions[0].events[0].source")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"\", \"error\": { \"kind\": \"exploded\", \"message\": \"m\" }", "unknown error kind 'exploded'", "$.interactions[0].error.kind")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"\", \"values\": { \"guid\": \"x\" }", "'guid' is not a placeholder name", "$.interactions[0].values.guid")]
    [InlineData("\"version\": 1,", "\"version\": 1, \"version\": 1,", "the field 'version' appears more than once", "$.version")]
    [InlineData("\"program\": \"git\",", "\"program\": \"git\", \"program\": \"rm\",", "the field 'program' appears more than once", "$.interactions[0].program")]
    [InlineData("\"stderr\": \"\"", "\"stderr\": \"\", \"values\": { \"guid:1\": \"a\", \"guid:1\": \"b\" }", "the field 'guid:1' appears more than once", "$.interactions[0].values.guid:1")]
    public async Task A_missing_null_unknown_repeated_or_senseless_field_is_named_with_its_path(string find, string replace, string problem, string path)
    {
        var error = await LoadAsync(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(path, error.JsonPath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "null instead of a cassette object")]
    [InlineData("[]", "wrong JSON type")]
    [InlineData("\"cassette\"", "wrong JSON type")]
    public async Task A_file_that_is_not_a_cassette_object_is_refused(string text, string problem)
    {
        var error = await LoadAsync(text);

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CassetteMode.Once)]
    [InlineData(CassetteMode.NewEpisodes)]
    [InlineData(CassetteMode.ReplayOnly)]
    public async Task Every_mode_that_reads_the_cassette_refuses_a_bad_one_at_its_first_command(CassetteMode mode)
    {
        await File.WriteAllTextAsync(_folder.File("bad"), "{", Token);
        var real = new CannedRunner();
        await using var runner = _folder.Runner("bad", new CassetteOptions { Runner = real, Mode = mode });

        await Assert.ThrowsAsync<CassetteFormatException>(() => runner.OutputAsync(new Command("git"), Token));
        await Assert.ThrowsAsync<CassetteFormatException>(() => runner.OutputAsync(new Command("git"), Token));
        Assert.Equal(0, real.Calls);
    }

    [Fact]
    public async Task A_byte_order_mark_is_accepted()
    {
        await File.WriteAllTextAsync(_folder.File("bom"), Valid, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Token);
        await using var runner = _folder.Runner("bom", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

        Assert.Equal("git version 2.39.5", await runner.RunAsync(new Command("git", "--version"), Token));
    }

    private async Task<CassetteFormatException> LoadAsync(string text)
    {
        await File.WriteAllTextAsync(_folder.File("bad"), text, Token);
        await using var runner = _folder.Runner("bad", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var error = await Assert.ThrowsAsync<CassetteFormatException>(() => runner.OutputAsync(new Command("git", "--version"), Token));
        Assert.Equal(_folder.File("bad"), error.CassettePath);
        Assert.Contains(_folder.File("bad"), error.Message, StringComparison.Ordinal);
        return error;
    }
}
