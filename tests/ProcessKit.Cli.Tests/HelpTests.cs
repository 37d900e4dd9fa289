using ProcessKit.Cli.Tests.Infrastructure;

namespace ProcessKit.Cli.Tests;

/// <summary>Every command answers <c>--help</c> (System.CommandLine's help, named <c>processkit</c>).</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "processkit [command] [options]", "run", "doctor")]
    [InlineData(new[] { "run", "--help" }, "processkit run <program>... [options]", "--grace", "--fail-on-leak")]
    [InlineData(new[] { "doctor", "--help" }, "processkit doctor [options]", "--json", "--help")]
    public async Task Help_shows_the_usage_and_every_option(string[] arguments, string usage, string first, string second)
    {
        var result = await CliProgram.Command(arguments).OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(usage, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(first, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(second, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_help_shows_fail_on_leak_as_a_switch_without_a_value()
    {
        var result = await CliProgram.Command("run", "--help").OutputAsync(TestContext.Current.CancellationToken);

        Assert.Matches(@"\n  --fail-on-leak +Exit with code 3 [^\n]*A switch: it takes no value\.", result.StandardOutput.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_unknown_command_is_refused_with_125()
    {
        var result = await CliProgram.Command("frobnicate").OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("frobnicate", result.StandardError, StringComparison.Ordinal);
    }
}
