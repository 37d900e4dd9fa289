using ProcessKit.Windows.Tests.Infrastructure;

namespace ProcessKit.Windows.Tests;

/// <summary>Pipelines on Windows: stages joined by inheritable pipe handles inside one Job Object.</summary>
public sealed class WindowsPipelineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [WindowsFact]
    public async Task Lines_flow_from_stage_to_stage_through_the_kernel_pipe()
    {
        var input = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"line {i}\n"));

        var result = await (WindowsHelper.Command("echo-stdin").WithStandardInput(input) | WindowsHelper.Command("echo-stdin")).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutput);
    }

    [WindowsFact]
    public async Task The_first_failing_stage_is_reported()
    {
        var result = await (WindowsHelper.Command("err", "broken", "exit", "4") | WindowsHelper.Command("echo-stdin")).OutputAsync(Token);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(0, result.ReportedStageIndex);
        Assert.Equal("broken\n", result.StandardError);
    }
}
