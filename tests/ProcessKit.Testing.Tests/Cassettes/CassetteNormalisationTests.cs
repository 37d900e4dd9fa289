using System.Text;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Normalisation both ways: what becomes a placeholder when recording (paths, GUIDs, dates, user
/// patterns) and what is put back when replaying, so a cassette recorded in one place replays in another.
/// </summary>
public sealed class CassetteNormalisationTests : IDisposable
{
    private const string RecordedGuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string ReplayedGuid = "9b2c1c2e-1111-4a4a-8b8b-0123456789ab";

    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_cassette_recorded_under_one_temporary_directory_replays_under_another()
    {
        var machineA = Directory.CreateDirectory(Path.Combine(_folder.Path, "machine-a")).FullName;
        var machineB = Directory.CreateDirectory(Path.Combine(_folder.Path, "machine-b")).FullName;
        var workA = Directory.CreateDirectory(Path.Combine(machineA, "work")).FullName;
        var workB = Directory.CreateDirectory(Path.Combine(machineB, "work")).FullName;
        var real = new CannedRunner(c => CannedRunner.Result(c, $"built {c.WorkingDirectory}/out.dll from {c.Arguments[0]}\ncache in {machineA}/cache\n"));

        await using (var recorder = _folder.Runner("paths", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll, TemporaryDirectory = machineA }))
        {
            await recorder.OutputAsync(new Command("build", Path.Combine(workA, "app.csproj")).WithWorkingDirectory(workA), Token);
        }

        var cassette = _folder.Read("paths");
        Assert.DoesNotContain(machineA, cassette, StringComparison.Ordinal);
        Assert.Contains("\"{{cwd}}/app.csproj\"", cassette, StringComparison.Ordinal);
        Assert.Contains("\"workingDirectory\": \"{{temp}}/work\"", cassette, StringComparison.Ordinal);
        Assert.Contains("built {{cwd}}/out.dll from {{cwd}}/app.csproj\\ncache in {{temp}}/cache", cassette, StringComparison.Ordinal);

        await using var player = _folder.Runner("paths", new CassetteOptions { Mode = CassetteMode.ReplayOnly, TemporaryDirectory = machineB, MatchOn = CassetteMatchOn.Default | CassetteMatchOn.WorkingDirectory });
        var replayed = await player.OutputAsync(new Command("build", Path.Combine(workB, "app.csproj")).WithWorkingDirectory(workB), Token);

        Assert.Equal($"built {workB}/out.dll from {workB}/app.csproj\ncache in {machineB}/cache\n", replayed.StandardOutput);
    }

    [Fact]
    public async Task The_home_directory_becomes_a_placeholder_and_a_path_matches_only_whole()
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder.Path, "home")).FullName;
        var real = new CannedRunner(c => CannedRunner.Result(c, $"{home}/.config {home}fs /var{home}\n"));

        var options = new CassetteOptions { TemporaryDirectory = "/nonexistent-temp" };
        await using (var recorder = _folder.Runner("home", options with { Runner = real, Mode = CassetteMode.RecordAll, HomeDirectory = home }))
        {
            await recorder.OutputAsync(new Command("tool"), Token);
        }

        Assert.Contains("\"{{home}}/.config " + home + "fs /var" + home + "\\n\"", _folder.Read("home"), StringComparison.Ordinal);

        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder.Path, "other-home")).FullName;
        await using var player = _folder.Runner("home", options with { Mode = CassetteMode.ReplayOnly, HomeDirectory = elsewhere });
        Assert.Equal($"{elsewhere}/.config {home}fs /var{home}", await player.RunAsync(new Command("tool"), Token));
    }

    [Fact]
    public async Task A_guid_in_the_command_matches_any_guid_and_its_echo_replays_the_current_one()
    {
        var real = new CannedRunner(c => CannedRunner.Result(c, $"created {c.Arguments[1]}\n"));
        await using (var recorder = _folder.Runner("guid", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("create", "--id", RecordedGuid), Token);
        }

        var cassette = _folder.Read("guid");
        Assert.DoesNotContain(RecordedGuid, cassette, StringComparison.Ordinal);
        Assert.Contains("created {{guid:1}}", cassette, StringComparison.Ordinal);

        await using var player = _folder.Runner("guid", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal($"created {ReplayedGuid}", await player.RunAsync(new Command("create", "--id", ReplayedGuid), Token));
    }

    [Fact]
    public async Task Guids_and_dates_only_in_the_output_replay_as_recorded()
    {
        const string Output = $"id {RecordedGuid} at 2026-11-21T10:15:30.123+01:00 on 2026-11-20 again {RecordedGuid}\n";
        var real = new CannedRunner(c => CannedRunner.Result(c, Output));
        await using (var recorder = _folder.Runner("values", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("status"), Token);
        }

        var cassette = _folder.Read("values");
        Assert.Contains("\"stdout\": \"id {{guid:1}} at {{date:1}} on {{date:2}} again {{guid:1}}\\n\"", cassette, StringComparison.Ordinal);
        Assert.Contains($"\"guid:1\": \"{RecordedGuid}\"", cassette, StringComparison.Ordinal);
        Assert.Contains("\"date:1\": \"2026-11-21T10:15:30.123+01:00\"", cassette, StringComparison.Ordinal);

        await using var player = _folder.Runner("values", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal(Output, (await player.OutputAsync(new Command("status"), Token)).StandardOutput);
    }

    [Fact]
    public async Task A_date_in_the_command_matches_another_date()
    {
        await using (var recorder = _folder.Runner("dates", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("report", "--since", "2026-01-01"), Token);
        }

        await using var player = _folder.Runner("dates", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("report --since 2027-03-04", await player.RunAsync(new Command("report", "--since", "2027-03-04"), Token));
    }

    [Fact]
    public async Task A_user_pattern_becomes_a_numbered_placeholder_both_ways()
    {
        var options = new CassetteOptions { Replacements = [new CassetteReplacement("port", @"(?<=:)\d{4,5}\b")] };
        var real = new CannedRunner(c => CannedRunner.Result(c, $"listening on 127.0.0.1{c.Arguments[1][c.Arguments[1].IndexOf(':', StringComparison.Ordinal)..]}\n"));
        await using (var recorder = _folder.Runner("port", options with { Runner = real, Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("serve", "--bind", "localhost:41234"), Token);
        }

        Assert.Contains("listening on 127.0.0.1:{{port:1}}", _folder.Read("port"), StringComparison.Ordinal);
        await using var player = _folder.Runner("port", options with { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("listening on 127.0.0.1:50007", await player.RunAsync(new Command("serve", "--bind", "localhost:50007"), Token));
    }

    [Fact]
    public async Task Output_that_is_not_UTF8_is_kept_as_base64_and_replays_byte_for_byte_with_its_paths_normalised()
    {
        var work = Directory.CreateDirectory(Path.Combine(_folder.Path, "work")).FullName;
        byte[] Binary(string directory) => [0xFF, 0xFE, 0x00, .. Encoding.UTF8.GetBytes(directory + "/x"), 0x80];
        var real = new BinaryRunner(Binary(work));
        await using (var recorder = _folder.Runner("binary", new CassetteOptions { Runner = real, Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputBytesAsync(new Command("dump").WithWorkingDirectory(work), Token);
        }

        var cassette = _folder.Read("binary");
        Assert.Contains("\"stdoutBase64\": true", cassette, StringComparison.Ordinal);
        Assert.DoesNotContain("stderrBase64", cassette, StringComparison.Ordinal);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder.Path, "elsewhere")).FullName;
        await using var player = _folder.Runner("binary", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var replayed = await player.OutputBytesAsync(new Command("dump").WithWorkingDirectory(elsewhere), Token);

        Assert.Equal(Binary(elsewhere), replayed.StandardOutput.ToArray());
    }

    [Fact]
    public async Task Unknown_placeholders_and_look_alikes_are_left_as_they_are()
    {
        const string Output = "{{.ID}} {{unknown:3}} {{ cwd }}\n";
        await using (var recorder = _folder.Runner("alike", new CassetteOptions { Runner = new CannedRunner(c => CannedRunner.Result(c, Output)), Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("docker", "ps", "--format", "{{.ID}}"), Token);
        }

        await using var player = _folder.Runner("alike", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal(Output, (await player.OutputAsync(new Command("docker", "ps", "--format", "{{.ID}}"), Token)).StandardOutput);
    }

    /// <summary>A runner whose every command prints the same bytes.</summary>
    private sealed class BinaryRunner(byte[] output) : IProcessRunner
    {
        public ProcessPlacement? Placement => null;

        public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
            Task.FromResult(new BytesResult { Program = command.Program, Arguments = command.Arguments, ExitCode = 0, StandardOutput = output, StandardError = Array.Empty<byte>() });

        public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
