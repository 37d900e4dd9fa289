using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// Ties ProcessKit to each NUnit test it applies to (put it on the assembly,
/// <c>[assembly: ProcessKitTest]</c>, or on a fixture or a test). For every test it captures the
/// test's output and cancellation token when the test starts, then:
/// <list type="bullet">
/// <item>the log of every <see cref="ServerFixture{TServer}"/> the test uses is relayed live to that
/// test's output, although the lines are read on background threads;</item>
/// <item>every command the test runs without a runner of its own (<see cref="Command.WithRunner"/>)
/// goes through a runner that writes the command and its output to the test's output (started
/// processes line by line, as they are read) and cancels it with the test's token
/// (<see cref="TestContext.CancellationToken"/>, set by <c>[CancelAfter]</c>);</item>
/// <item>when the test fails, the last lines of the log of every server it used are attached to
/// its result (<see cref="TestContext.AddTestAttachment"/>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Output that belongs to no test (a server starting in <c>[OneTimeSetUp]</c>, its log between
/// tests) goes to <see cref="TestContext.Progress"/>. A server line written while two tests use the
/// server at once goes to both.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ProcessKitTestAttribute : Attribute, ITestAction
{
    /// <summary>
    /// Whether commands the test runs through the ambient runner are written to its output and
    /// cancelled with its token; true by default. False leaves <see cref="ProcessRunner.Current"/>
    /// as it is (server logs and attachments still work).
    /// </summary>
    public bool RelayCommandOutput { get; set; } = true;

    /// <summary>Applies to each test, not to suites.</summary>
    public ActionTargets Targets => ActionTargets.Test;

    /// <summary>Captures the test's output and token, and makes the relaying runner ambient.</summary>
    /// <param name="test">The test about to run.</param>
    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        TestSession.Begin(test, RelayCommandOutput);
    }

    /// <summary>Detaches the test from server logs, attaches log tails if it failed, and restores the ambient runner.</summary>
    /// <param name="test">The test that has run.</param>
    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        TestSession.End(test);
    }
}
