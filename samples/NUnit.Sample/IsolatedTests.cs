using ProcessKit.Testing.Isolation;

namespace NUnit.Sample;

/// <summary>
/// Code that changes process-wide state and exits, tested in a contained child process: the
/// environment variable never reaches this test process, and the exit ends only the child.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class IsolatedTests
{
    [Test]
    public async Task An_environment_change_stays_in_the_child()
    {
        // The test's own writer, captured here: the child's lines arrive on a pipe-reading thread.
        var output = TestContext.Out;
        var options = new IsolationOptions { Output = output.WriteLine };

        var result = await Isolated.RunAsync(
            static () =>
            {
                Environment.SetEnvironmentVariable("SAMPLE_MODE", "isolated");
                return Environment.GetEnvironmentVariable("SAMPLE_MODE");
            },
            options,
            TestContext.CurrentContext.CancellationToken);

        Assert.That(result.Value, Is.EqualTo("isolated"));
        Assert.That(Environment.GetEnvironmentVariable("SAMPLE_MODE"), Is.Null);
    }

    [Test]
    public async Task Environment_Exit_is_a_crash_test_not_the_end_of_the_run()
    {
        var result = await Isolated.RunAsync(
            static () => Environment.Exit(3),
            new IsolationOptions { Expect = ExpectedOutcome.ExitCode(3) },
            TestContext.CurrentContext.CancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(3));
    }
}
