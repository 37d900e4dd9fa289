using ProcessKit.Testing.Isolation;
using ProcessKit.Testing.XunitV3;

namespace XunitV3.Sample;

/// <summary>
/// Code that changes process-wide state and exits, tested in a contained child process: the
/// environment variable never reaches this test process, and the exit ends only the child.
/// </summary>
public sealed class IsolatedTests
{
    [Fact]
    public async Task An_environment_change_stays_in_the_child()
    {
        var options = new IsolationOptions { Output = CurrentTestOutput.Sink() };

        var result = await Isolated.RunAsync(
            static () =>
            {
                Environment.SetEnvironmentVariable("SAMPLE_MODE", "isolated");
                Console.WriteLine($"child {Environment.ProcessId} set SAMPLE_MODE");
                return Environment.GetEnvironmentVariable("SAMPLE_MODE");
            },
            options,
            TestContext.Current.CancellationToken);

        Assert.Equal("isolated", result.Value);
        Assert.Null(Environment.GetEnvironmentVariable("SAMPLE_MODE"));
    }

    [Fact]
    public async Task Environment_Exit_is_a_crash_test_not_the_end_of_the_run()
    {
        var result = await Isolated.RunAsync(
            static () => Environment.Exit(3),
            new IsolationOptions { Expect = ExpectedOutcome.ExitCode(3), Output = CurrentTestOutput.Sink() },
            TestContext.Current.CancellationToken);

        Assert.Equal(3, result.ExitCode);
    }
}
