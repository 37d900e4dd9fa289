using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>
/// A pipeline whose stages run through a runner that wraps a real one (a spy, the runner the
/// adapters bind to a test) keeps the kernel pipes of the real runner: bytes pass unchanged, not
/// as lines copied from stage to stage.
/// </summary>
public sealed class WrappedRunnerPipelineTests : SpawningTest
{
    /// <summary>Not text: a NUL, a CRLF, a byte that is not UTF-8, and no newline at the end.</summary>
    private static readonly byte[] Binary = [0x00, (byte)'a', (byte)'\r', (byte)'\n', 0xFF, (byte)'b', 0x00];

    [LinuxFact]
    public async Task A_spy_over_the_real_runner_keeps_kernel_pipes() =>
        await AssertBytesPassUnchanged(new RecordingRunner(ProcessRunner.Default));

    [LinuxFact]
    public async Task The_test_output_runner_over_the_real_runner_keeps_kernel_pipes() =>
        await AssertBytesPassUnchanged(new TestOutputRunner(ProcessRunner.Default, _ => { }, Token));

    [LinuxFact]
    public async Task A_spy_over_a_group_keeps_kernel_pipes_among_its_members()
    {
        await using var group = ProcessGroup.Create();

        await AssertBytesPassUnchanged(new RecordingRunner(group));
    }

    [LinuxFact]
    public async Task An_ambient_wrapped_runner_keeps_kernel_pipes()
    {
        using (ProcessRunnerScope.Use(new TestOutputRunner(ProcessRunner.Default, _ => { }, Token)))
        {
            var result = await (Track(new Command("cat")).WithStandardInput(StandardInput.FromBytes(Binary)) | Track(new Command("cat"))).OutputBytesAsync(Token);

            Assert.Equal(Binary, result.StandardOutput.ToArray());
        }
    }

    [Fact]
    public void A_wrapper_names_its_inner_runners_placement_and_a_double_none()
    {
        Assert.Same(ProcessPlacement.PrivateContainers, ProcessRunner.Default.Placement);
        Assert.Same(ProcessPlacement.PrivateContainers, new RecordingRunner().Placement);
        Assert.Same(ProcessPlacement.PrivateContainers, new TestOutputRunner(ProcessRunner.Default, _ => { }, Token).Placement);
        Assert.Null(new RecordingRunner(new ScriptedRunner()).Placement);
        Assert.Null(new ScriptedRunner().Placement);
    }

    private async Task AssertBytesPassUnchanged(IProcessRunner runner)
    {
        var pipeline = Track(new Command("cat")).WithStandardInput(StandardInput.FromBytes(Binary)).WithRunner(runner) | Track(new Command("cat")).WithRunner(runner);

        var result = await pipeline.OutputBytesAsync(Token);

        Assert.True(result.IsSuccess);
        Assert.Equal(Binary, result.StandardOutput.ToArray());
    }
}
