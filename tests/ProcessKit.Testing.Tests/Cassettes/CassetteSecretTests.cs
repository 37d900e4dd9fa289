using System.Text;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// No secrets at rest: canary values put where secrets go (environment values, secret-looking
/// variables, named secrets, secret-shaped arguments, input, binary output, error messages) must
/// not appear anywhere in the cassette's bytes, base64 output included.
/// </summary>
public sealed class CassetteSecretTests : SpawningTest
{
    private string Cassettes => TempPath("cassettes");

    [LinuxFact]
    public async Task Environment_values_are_never_written_only_their_names()
    {
        var canary = Canary("plain");
        var command = Helper("out", "hello").WithEnvironment("PLAIN_SETTING", canary);

        await RecordAsync("env", new CassetteOptions(), runner => runner.OutputAsync(command, Token));

        AssertAbsent("env", canary);
        Assert.Contains("\"PLAIN_SETTING\"", Read("env"), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task The_value_of_a_secret_looking_variable_is_a_placeholder_put_back_from_the_current_environment()
    {
        var canary = Canary("token");
        var command = Helper("print-env", "API_TOKEN");

        await RecordAsync("token", new CassetteOptions(), runner => runner.OutputAsync(command.WithEnvironment("API_TOKEN", canary), Token));

        AssertAbsent("token", canary);
        Assert.Contains("{{secret:API_TOKEN}}", Read("token"), StringComparison.Ordinal);
        await using var player = new RecordReplayRunner(Cassettes, "token", new CassetteOptions { Mode = CassetteMode.ReplayOnly, AllowPlaybackRepeats = true });
        Assert.Equal(canary, await player.RunAsync(command.WithEnvironment("API_TOKEN", canary), Token));
        Assert.Equal("another-token-value", await player.RunAsync(command.WithEnvironment("API_TOKEN", "another-token-value"), Token));
    }

    [LinuxFact]
    public async Task A_secret_looking_variable_of_this_process_is_redacted_wherever_the_program_prints_it()
    {
        var canary = Canary("process");
        var real = new CannedRunner(c => CannedRunner.Result(c, $"auth header: Bearer {canary}\n", $"retrying with {canary}\n"));
        using var folder = new CassetteFolder();

        await using (var runner = folder.Runner("process", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }, processEnvironment: new Dictionary<string, string> { ["GITHUB_TOKEN"] = canary, ["HOME_DIR"] = "/home/someone" }))
        {
            await runner.OutputAsync(new Command("gh", "api", "/user"), Token);
        }

        CassetteBytes.AssertAbsent(folder.File("process"), canary);
        Assert.Contains("Bearer {{secret:GITHUB_TOKEN}}", folder.Read("process"), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Named_secrets_are_redacted_in_arguments_input_and_output_and_still_match()
    {
        var canary = Canary("named");
        var options = new CassetteOptions { Secrets = [canary] };
        var echo = Helper("out", $"login {canary}", "echo-stdin").WithStandardInput($"password={canary}\n");

        ProcessResult recorded = null!;
        await RecordAsync("named", options, async runner => recorded = await runner.OutputAsync(echo, Token));

        Assert.Contains(canary, recorded.StandardOutput, StringComparison.Ordinal);
        AssertAbsent("named", canary);
        await using var player = new RecordReplayRunner(Cassettes, "named", options with { Mode = CassetteMode.ReplayOnly });
        var replayed = await player.OutputAsync(echo, Token);
        Assert.Equal("login {{secret}}\npassword={{secret}}\n", replayed.StandardOutput);
    }

    [LinuxFact]
    public async Task A_variable_named_secret_is_redacted_whatever_its_length()
    {
        var command = Helper("print-env", "PIN").WithEnvironment("PIN", "4711");

        await RecordAsync("pin", new CassetteOptions { SecretEnvironmentVariables = ["PIN"] }, runner => runner.OutputAsync(command, Token));

        AssertAbsent("pin", "4711");
    }

    [LinuxFact]
    public async Task Secret_shaped_arguments_are_redacted_in_the_command_and_in_the_output()
    {
        var password = Canary("password");
        var key = Canary("key");
        var urlPassword = Canary("url");
        var command = Shell("echo \"$@\"", "--password", password, "--api-key=" + key, $"https://deploy:{urlPassword}@git.example.com/repo.git");

        ProcessResult recorded = null!;
        await RecordAsync("arguments", new CassetteOptions(), async runner => recorded = await runner.OutputAsync(command, Token));

        Assert.Contains(password, recorded.StandardOutput, StringComparison.Ordinal);
        AssertAbsent("arguments", password, key, urlPassword);
        var text = Read("arguments");
        Assert.Contains("\"--password\",\n        \"{{secret}}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"--api-key={{secret}}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"https://deploy:{{secret}}@git.example.com/repo.git\"", text, StringComparison.Ordinal);
        Assert.Contains("--password {{secret}} --api-key={{secret}} https://deploy:{{secret}}@git.example.com/repo.git", text, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Secrets_in_binary_output_are_redacted_in_its_bytes()
    {
        var canary = Canary("binary");
        var hex = "FF00" + Convert.ToHexString(Encoding.UTF8.GetBytes(canary)) + "FE";

        await RecordAsync("binary", new CassetteOptions { Secrets = [canary] }, runner => runner.OutputBytesAsync(Helper("out-hex", hex), Token));

        Assert.Contains("\"stdoutBase64\": true", Read("binary"), StringComparison.Ordinal);
        AssertAbsent("binary", canary);
    }

    [LinuxFact]
    public async Task Secrets_in_a_started_conversation_are_redacted_in_its_events()
    {
        var canary = Canary("dialog");
        await RecordAsync("dialog", new CassetteOptions { Secrets = [canary] }, async runner =>
        {
            await using var process = await runner.StartAsync(Helper("read-line").KeepStandardInputOpen(), Token);
            await process.StandardInput.WriteLineAsync(canary, Token);
            await process.StandardInput.CloseAsync();
            Assert.Equal(0, (await process.WaitForExitAsync(Token)).ExitCode);
        });

        AssertAbsent("dialog", canary);
        Assert.Contains("\"text\": \"got: {{secret}}\"", Read("dialog"), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Secrets_in_an_error_are_redacted()
    {
        var canary = Canary("error");

        await RecordAsync("error", new CassetteOptions { Secrets = [canary] }, async runner =>
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.OutputAsync(Track(new Command($"/nonexistent/{canary}/tool")), Token)));

        AssertAbsent("error", canary);
        Assert.Contains("\"kind\": \"notFound\"", Read("error"), StringComparison.Ordinal);
    }

    private static string Canary(string label) => $"canary-{label}-{Guid.NewGuid():N}";

    private string Read(string name) => File.ReadAllText(Path.Combine(Cassettes, name + ".json"));

    private async Task RecordAsync(string name, CassetteOptions options, Func<RecordReplayRunner, Task> use)
    {
        await using var runner = new RecordReplayRunner(Cassettes, name, options with { Mode = CassetteMode.RecordAll });
        await use(runner);
    }

    private void AssertAbsent(string name, params string[] canaries) => CassetteBytes.AssertAbsent(Path.Combine(Cassettes, name + ".json"), canaries);
}
