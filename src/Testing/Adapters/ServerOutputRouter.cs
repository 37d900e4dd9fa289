using System.Collections.Immutable;

namespace ProcessKit.Testing;

/// <summary>
/// Where a shared server's log goes, in every test-framework adapter: each line to the output of
/// every test attached at the moment it is read (tests that share a server run in parallel, and
/// each sees what the server said during its run), and to a fallback sink (the framework's
/// diagnostic channel) while no test is attached: the server's start, the time between tests, its
/// stop. The sinks are captured outputs, written to explicitly from the reading thread, because a
/// test framework's ambient output follows the test's async flow and would lose those lines.
/// </summary>
/// <remarks>
/// Give <see cref="Route"/> to <see cref="ServerLog.AddSink"/>. Thread-safe. Delivery is best
/// effort: a sink that throws (the output of a test whose run has ended) stops neither the other
/// sinks nor the router, which the server log would otherwise drop, silencing every later test.
/// </remarks>
/// <param name="unattached">Receives the lines read while no test is attached.</param>
internal sealed class ServerOutputRouter(Action<string> unattached)
{
    private ImmutableList<Action<string>> _tests = [];

    /// <summary>Sends later lines to <paramref name="test"/> (a running test's output) until the returned handle is disposed.</summary>
    /// <param name="test">Writes one line to the test's output.</param>
    internal IDisposable Attach(Action<string> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        ImmutableInterlocked.Update(ref _tests, static (tests, added) => tests.Add(added), test);
        return new Attachment(this, test);
    }

    /// <summary>Relays one line to every attached test, or to the fallback sink when none is attached. Never throws.</summary>
    internal void Route(string line)
    {
        var tests = Volatile.Read(ref _tests);
        if (tests.IsEmpty)
        {
            Deliver(unattached, line);
            return;
        }

        foreach (var test in tests)
        {
            Deliver(test, line);
        }
    }

    /// <summary>Writes <paramref name="line"/> to <paramref name="sink"/>, swallowing what it throws: test output is best effort.</summary>
    internal static void Deliver(Action<string> sink, string line)
    {
        try
        {
            sink(line);
        }
#pragma warning disable CA1031 // Test output is best effort; the server and the other tests must not notice a broken sink.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed class Attachment(ServerOutputRouter router, Action<string> test) : IDisposable
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
