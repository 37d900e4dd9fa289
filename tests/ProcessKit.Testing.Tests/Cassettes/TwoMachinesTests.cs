using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// A real program recorded on "machine A" (one temporary directory, one working directory) and
/// replayed on "machine B" (others): its arguments match and its output names B's paths.
/// </summary>
public sealed class TwoMachinesTests : SpawningTest
{
    [LinuxFact]
    public async Task A_real_recording_under_one_temporary_directory_replays_under_another()
    {
        var cassettes = TempPath("cassettes");
        var machineA = Directory.CreateDirectory(TempPath("machine-a")).FullName;
        var machineB = Directory.CreateDirectory(TempPath("machine-b")).FullName;
        Command Build(string machine) =>
            Helper("print-cwd", "out", Path.Combine(machine, "work", "obj", "app.dll"), "out", Path.Combine(machine, "cache"))
                .WithWorkingDirectory(Directory.CreateDirectory(Path.Combine(machine, "work")).FullName);

        ProcessResult recorded;
        await using (var recorder = new RecordReplayRunner(cassettes, "two-machines", new CassetteOptions { Mode = CassetteMode.RecordAll, TemporaryDirectory = machineA }))
        {
            recorded = await recorder.OutputAsync(Build(machineA), Token);
        }

        Assert.Equal($"{machineA}/work\n{machineA}/work/obj/app.dll\n{machineA}/cache\n", recorded.StandardOutput);
        var cassette = await File.ReadAllTextAsync(Path.Combine(cassettes, "two-machines.json"), Token);
        Assert.DoesNotContain(machineA, cassette, StringComparison.Ordinal);
        Assert.Contains("\"stdout\": \"{{cwd}}\\n{{cwd}}/obj/app.dll\\n{{temp}}/cache\\n\"", cassette, StringComparison.Ordinal);

        await using var player = new RecordReplayRunner(cassettes, "two-machines", new CassetteOptions { Mode = CassetteMode.ReplayOnly, TemporaryDirectory = machineB });
        var replayed = await player.OutputAsync(Build(machineB), Token);

        Assert.Equal($"{machineB}/work\n{machineB}/work/obj/app.dll\n{machineB}/cache\n", replayed.StandardOutput);
    }
}
