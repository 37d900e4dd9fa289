using System.Collections.Concurrent;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// A line handler's output is captured, so it is recorded; a replay hands it to the handler again,
/// as the recorded run did, and returns the recorded result unchanged.
/// </summary>
public sealed class ReplayedLineHandlerTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_one_shot_replay_hands_each_line_to_the_handlers()
    {
        await RecordAsync(CannedRunner.Result(new Command("build"), "step 1\nstep 2\n", "warning: x\n"));
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        var command = new Command("build")
            .WithStandardOutput(OutputTarget.ToLineHandler(output.Enqueue))
            .WithStandardError(OutputTarget.ToLineHandler(errors.Enqueue));

        await using var replay = _folder.Runner("build", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var result = await replay.OutputAsync(command, Token);

        Assert.Equal(["step 1", "step 2"], output);
        Assert.Equal(["warning: x"], errors);
        Assert.Equal("step 1\nstep 2\n", result.StandardOutput);
        Assert.Equal(1, replay.ReplayedCount);
    }

    [Fact]
    public async Task The_bytes_verb_replays_to_the_handler_too_and_a_failing_handler_fails_the_verb()
    {
        await RecordAsync(CannedRunner.Result(new Command("build"), "only line\n"));
        var command = new Command("build").WithStandardOutput(OutputTarget.ToLineHandler(line => throw new InvalidDataException("rejected " + line)));

        await using var replay = _folder.Runner("build", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => replay.OutputBytesAsync(command, Token));
        Assert.Equal("rejected only line", error.Message);
    }

    private async Task RecordAsync(ProcessResult result)
    {
        await using var recorder = _folder.Runner("build", new CassetteOptions { Runner = new CannedRunner(_ => result), Mode = CassetteMode.RecordAll });
        await recorder.OutputAsync(new Command("build"), Token);
    }
}
