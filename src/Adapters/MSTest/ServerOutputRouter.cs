using System.Collections.Immutable;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Where a shared server's lines go: to the output of every test attached at the moment the line
/// is read, else to the diagnostic channel of the context that started it. The targets are
/// captured contexts, called explicitly from the reading thread: MSTest's own capture of console
/// output follows the test's async flow and would lose lines read on a background thread.
/// </summary>
internal sealed class ServerOutputRouter(TestContext fixtureContext)
{
    private ImmutableArray<TestContext> _tests = [];

    /// <summary>Relays one line; called on the thread that read it, under the server log's lock.</summary>
    public void Route(string line)
    {
        var tests = _tests;
        if (tests.IsEmpty)
        {
            Deliver(() => fixtureContext.DisplayMessage(MessageLevel.Informational, line));
            return;
        }

        foreach (var test in tests)
        {
            Deliver(() => test.WriteLine(line));
        }
    }

    /// <summary>Reports a problem of the fixture itself on the diagnostic channel, where <c>dotnet test</c> shows it at every verbosity.</summary>
    public void Warn(string message) => Deliver(() => fixtureContext.DisplayMessage(MessageLevel.Warning, message));

    /// <summary>Sends later lines to <paramref name="test"/> until the returned handle is disposed.</summary>
    public IDisposable Attach(TestContext test)
    {
        ImmutableInterlocked.Update(ref _tests, static (tests, added) => tests.Add(added), test);
        return new Attachment(this, test);
    }

    /// <summary>
    /// Calls one target. A target that throws (a context whose run has ended) must not stop the
    /// others, nor make the server log drop this router, which would silence every later test.
    /// </summary>
    private static void Deliver(Action write)
    {
        try
        {
            write();
        }
#pragma warning disable CA1031 // Test output is best effort; the server and the other tests must not notice a broken target.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed class Attachment(ServerOutputRouter router, TestContext test) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref router._tests, static (tests, removed) => tests.Remove(removed), test);
            }
        }
    }
}
