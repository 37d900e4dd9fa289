using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// The output of one test, captured while the test runs, so that lines read on any thread later
/// (a server's log, a started process's output) reach this test and no other. xunit.v3 finds a
/// test's output through <see cref="TestContext.Current"/>, which flows with the test's async calls
/// but not to the threads that read a child's pipes: a line written there is lost, so it is routed
/// here explicitly. Once the test has finished, xunit refuses its output and further lines are dropped.
/// </summary>
internal sealed class TestOutputChannel
{
    private readonly ITestOutputHelper _output;

    private TestOutputChannel(ITestOutputHelper output) => _output = output;

    /// <summary>The channel of the test running in this async flow.</summary>
    /// <param name="caller">The public member asking, for the message.</param>
    /// <exception cref="InvalidOperationException">No test is running.</exception>
    internal static TestOutputChannel Current(string caller) =>
        new(TestContext.Current.TestOutputHelper
            ?? throw new InvalidOperationException(
                $"{caller} needs a running test, and none runs in this async flow (stage: {TestContext.Current.PipelineStage}). " +
                "Call it from a test method, its constructor or a BeforeAfterTestAttribute, not from a fixture or a background thread."));

    /// <summary>The channel of the test running in this async flow, or null when none runs.</summary>
    internal static TestOutputChannel? TryCurrent() =>
        TestContext.Current.TestOutputHelper is { } output ? new TestOutputChannel(output) : null;

    /// <summary>Writes one line to the test's output; false when the test has finished (xunit then refuses output).</summary>
    internal bool TryWriteLine(string line)
    {
        try
        {
            _output.WriteLine(line);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Writes one line to the test's output; dropped once the test has finished.</summary>
    internal void WriteLine(string line) => TryWriteLine(line);
}
