using ProcessKit.Testing.Isolation;

namespace MSTest.Sample;

/// <summary>
/// Code that changes process-wide state and exits, tested in a contained child process: the
/// environment variable never reaches this test process, and the exit ends only the child.
/// </summary>
[TestClass]
public sealed class IsolatedTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_environment_change_stays_in_the_child()
    {
        var options = new IsolationOptions { Output = TestContext.WriteLine };

        var result = await Isolated.RunAsync(
            static () =>
            {
                Environment.SetEnvironmentVariable("SAMPLE_MODE", "isolated");
                return Environment.GetEnvironmentVariable("SAMPLE_MODE");
            },
            options,
            TestContext.CancellationToken);

        Assert.AreEqual("isolated", result.Value);
        Assert.IsNull(Environment.GetEnvironmentVariable("SAMPLE_MODE"));
    }

    [TestMethod]
    public async Task Environment_Exit_is_a_crash_test_not_the_end_of_the_run()
    {
        var result = await Isolated.RunAsync(
            static () => Environment.Exit(3),
            new IsolationOptions { Expect = ExpectedOutcome.ExitCode(3) },
            TestContext.CancellationToken);

        Assert.AreEqual(3, result.ExitCode);
    }
}
