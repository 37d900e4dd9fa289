using System.Collections.Immutable;
using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// Carries lines that are read on background threads (a server's log, a started process's
/// output) to the output of the tests attached to it. xunit.v3 keeps a test's output in the
/// <see cref="ITestOutputHelper"/> of its <see cref="TestContext"/>, an async-local value that a
/// pipe-reading thread never sees, so each test's helper is captured while the test runs (in
/// <see cref="Attach"/>) and written to explicitly. With no test attached (a fixture starting or
/// stopping) lines go to xunit's diagnostic messages, through the context captured when the relay
/// was made. Thread-safe; a line is written to every attached test (tests that share an assembly
/// fixture run in parallel, and each sees what the server said during its run).
/// </summary>
internal sealed class TestOutputRelay
{
    private readonly ITestContext _fixtureContext;
    private ImmutableList<ITestOutputHelper> _outputs = [];

    /// <summary>Makes a relay whose unattached lines go to the diagnostic messages of <paramref name="fixtureContext"/>.</summary>
    /// <param name="fixtureContext">The context current when the fixture was made: its diagnostic sink outlives the pipeline stage.</param>
    internal TestOutputRelay(ITestContext fixtureContext)
    {
        _fixtureContext = fixtureContext;
    }

    /// <summary>Sends later lines to <paramref name="output"/> (a running test's) until the handle is disposed.</summary>
    internal IDisposable Attach(ITestOutputHelper output)
    {
        ImmutableInterlocked.Update(ref _outputs, static (outputs, added) => outputs.Add(added), output);
        return new Attachment(this, output);
    }

    /// <summary>Writes <paramref name="line"/> to every attached test, or to the diagnostic messages when none is attached. Never throws.</summary>
    internal void Write(string line)
    {
        var outputs = Volatile.Read(ref _outputs);
        if (outputs.IsEmpty)
        {
            _fixtureContext.SendDiagnosticMessage(line);
            return;
        }

        foreach (var output in outputs)
        {
            CurrentTestOutput.TryWrite(output, line);
        }
    }

    private void Detach(ITestOutputHelper output) =>
        ImmutableInterlocked.Update(ref _outputs, static (outputs, removed) => outputs.Remove(removed), output);

    private sealed class Attachment(TestOutputRelay relay, ITestOutputHelper output) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                relay.Detach(output);
            }
        }
    }
}
