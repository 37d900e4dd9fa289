namespace ProcessKit.Testing.NUnit;

/// <summary>
/// The output of one test, captured on the test's own thread when it starts, so that lines read on
/// any thread later (a server's log, a started process's output) reach this test and no other.
/// NUnit finds the current test through an ambient context that a pipe-reading thread does not
/// have: output written there through <c>TestContext.Out</c> is silently lost, so it is routed
/// here explicitly. Once the test has ended the channel is closed and further lines are dropped,
/// never written into a result that has already been reported.
/// </summary>
internal sealed class TestOutputChannel
{
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();
    private bool _closed;

    internal TestOutputChannel(TextWriter writer, string testName)
    {
        _writer = writer;
        TestName = testName;
    }

    /// <summary>The full name of the test this channel belongs to.</summary>
    internal string TestName { get; }

    /// <summary>Writes one line to the test's output; a no-op once the test has ended.</summary>
    internal void WriteLine(string line)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the channel: later lines are dropped.</summary>
    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
