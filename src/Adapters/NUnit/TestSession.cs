using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// What the adapter knows about the test that is running: its output channel, its cancellation
/// token, and what to do when it ends (detach server logs, attach log tails if it failed, stop
/// relaying started processes). Begun and ended by <see cref="ProcessKitTestAttribute"/> on the
/// test's own thread; found by the code the test calls through an <see cref="AsyncLocal{T}"/>, so
/// parallel tests each see their own.
/// </summary>
internal sealed class TestSession
{
    private static readonly AsyncLocal<TestSession?> Ambient = new();
    private readonly Lock _gate = new();
    private readonly List<Action<TestSession, bool>> _endActions = [];
    private readonly TestSession? _previous;
    private ProcessRunnerScope? _runnerScope;
    private TestOutputRunner? _relay;
    private int _nesting;

    private TestSession(ITest test, TextWriter output, TestSession? previous, CancellationToken cancellationToken)
    {
        TestId = test.Id;
        TestName = test.Name;
        Output = new TestOutputChannel(output, test.FullName);
        CancellationToken = cancellationToken;
        _previous = previous;
    }

    /// <summary>The session of the test running in this async flow, or null (no test, or no <see cref="ProcessKitTestAttribute"/>).</summary>
    internal static TestSession? Current => Ambient.Value;

    /// <summary>NUnit's id of the test (unique within the run).</summary>
    internal string TestId { get; }

    /// <summary>The test's name, with its arguments.</summary>
    internal string TestName { get; }

    /// <summary>The test's output, writable from any thread until the test ends.</summary>
    internal TestOutputChannel Output { get; }

    /// <summary>The test's cancellation token (<see cref="TestContext.CancellationToken"/>).</summary>
    internal CancellationToken CancellationToken { get; }

    /// <summary>
    /// Starts the session of <paramref name="test"/> on its own thread, capturing its output writer
    /// and token. A second attribute on the same test (assembly and class) joins the first.
    /// </summary>
    internal static void Begin(ITest test, bool relayCommandOutput)
    {
        if (Ambient.Value is { } current && current.TestId == test.Id)
        {
            current._nesting++;
            return;
        }

        var context = TestContext.CurrentContext;
        var session = new TestSession(test, TestContext.Out, Ambient.Value, context.CancellationToken);
        Ambient.Value = session;
        if (relayCommandOutput)
        {
            session._relay = session.RelayThrough(ProcessRunner.Current);
            session._runnerScope = ProcessRunnerScope.Use(session._relay);
        }
    }

    /// <summary>
    /// Ends the session of <paramref name="test"/>: runs the end actions, newest first, with whether
    /// the test failed (read from NUnit's result), closes the output and restores what was ambient.
    /// </summary>
    internal static void End(ITest test)
    {
        if (Ambient.Value is not { } session || session.TestId != test.Id)
        {
            return;
        }

        if (session._nesting > 0)
        {
            session._nesting--;
            return;
        }

        try
        {
            session.RunEndActions(TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed);
        }
        finally
        {
            session.Output.Close();
            Ambient.Value = session._previous;
            session._runnerScope?.Dispose();
        }
    }

    /// <summary>
    /// The runner to give a runner that the test installs on top of the session's (a cassette):
    /// what the session's relay wraps, when the relay is the ambient runner, so that commands are
    /// relayed once, by <see cref="Relay"/>; else the ambient runner.
    /// </summary>
    internal IProcessRunner RunnerBelowRelay =>
        _relay is not null && ReferenceEquals(ProcessRunner.Current, _relay) ? _relay.Inner : ProcessRunner.Current;

    /// <summary><paramref name="runner"/> relayed to this test's output, when the session relays commands; else <paramref name="runner"/> itself.</summary>
    internal IProcessRunner Relay(IProcessRunner runner) => _relay is null ? runner : RelayThrough(runner);

    /// <summary>Registers <paramref name="action"/> to run when the test ends; it receives the session and whether the test failed.</summary>
    internal void OnEnd(Action<TestSession, bool> action)
    {
        lock (_gate)
        {
            _endActions.Add(action);
        }
    }

    /// <summary><paramref name="inner"/> bound to this test: cancelled by its token, written to its output, started processes relayed until the test ends.</summary>
    private TestOutputRunner RelayThrough(IProcessRunner inner) =>
        new(inner, Output.WriteLine, CancellationToken, relay => OnEnd((_, _) => relay.Dispose()));

    private void RunEndActions(bool failed)
    {
        Action<TestSession, bool>[] actions;
        lock (_gate)
        {
            actions = [.. _endActions];
            _endActions.Clear();
        }

        for (var i = actions.Length - 1; i >= 0; i--)
        {
            actions[i](this, failed);
        }
    }
}
