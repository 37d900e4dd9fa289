namespace ProcessKit.Testing.MSTest;

/// <summary>
/// The output of one test: its <see cref="TestContext"/>, captured when the test starts using
/// ProcessKit, so that lines read on any thread later (a server's log, a started process's output)
/// reach this test and no other. MSTest's capture of <c>Console</c> follows the test's async flow,
/// which a pipe-reading thread does not have, so lines are written to the context explicitly.
/// Once the test has ended the channel is closed and further lines are dropped, never written into
/// a result that has already been reported.
/// </summary>
internal sealed class TestOutputChannel(TestContext testContext)
{
    private volatile bool _closed;

    /// <summary>Writes one line to the test's output; a no-op once the test has ended. Never throws.</summary>
    internal void WriteLine(string line)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            testContext.WriteLine(line);
        }
#pragma warning disable CA1031 // Test output is best effort: a line read on a background thread must never fault its reader.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Ends the channel: later lines are dropped.</summary>
    internal void Close() => _closed = true;
}
