using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// What ProcessKit does for one MSTest test, bound to that test's <see cref="TestContext"/>:
/// the servers it uses (log routed to its output, rethrow of a failed start, skip for a missing
/// program), servers it starts for itself, its cassette, a runner that relays command output, and
/// at the end (<see cref="CompleteAsync"/>, from <c>[TestCleanup]</c>) the log tails attached to a
/// failed test and the cassette saved only when it passed. <see cref="ProcessKitTest"/> makes one
/// per test; without the base class, make it in <c>[TestInitialize]</c> and complete it in
/// <c>[TestCleanup]</c>.
/// </summary>
/// <remarks>
/// Output read on background threads (server logs, lines of started processes) is written to the
/// captured context directly, never through an ambient "current test", and stops at
/// <see cref="CompleteAsync"/>. Thread-safe: a test may use it from parallel tasks.
/// </remarks>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The session ends in CompleteAsync, which disposes the cassette: it must run in [TestCleanup], where MSTest knows the outcome, never at the end of a using block inside the test.")]
public sealed class TestSession
{
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<object, UsedServer> _servers = new(ReferenceEqualityComparer.Instance);
    private readonly List<HelperServer> _ownedServers = [];
    private TestCassetteSession? _cassette;
    private readonly TestOutputChannel _output;
    private volatile bool _completed;

    /// <summary>Binds a session to the test that <paramref name="testContext"/> describes.</summary>
    /// <param name="testContext">The test's context (the <c>TestContext</c> property MSTest sets, or the constructor parameter).</param>
    /// <exception cref="ArgumentNullException"><paramref name="testContext"/> is null.</exception>
    public TestSession(TestContext testContext)
    {
        ArgumentNullException.ThrowIfNull(testContext);
        TestContext = testContext;
        _output = new TestOutputChannel(testContext);
        Runner = RelayThrough(ProcessRunner.Default);
    }

    /// <summary>The test's context.</summary>
    public TestContext TestContext { get; }

    /// <summary>The test's token (<see cref="TestContext.CancellationToken"/>): cancelled when the test times out or the run is aborted.</summary>
    public CancellationToken CancellationToken => TestContext.CancellationToken;

    /// <summary>
    /// The real runner, bound to this test: every command is also cancelled by the test's token,
    /// and the command, its output (live, for a started process) and how it ended are written to
    /// the test's output. Hand it to code under test, or use <c>command.WithRunner(session.Runner)</c>.
    /// </summary>
    public IProcessRunner Runner { get; }

    /// <summary>The cassette made by <see cref="UseCassette"/>, or null when the test has none.</summary>
    public RecordReplayRunner? Cassette => _cassette?.Runner;

    /// <summary>True once <see cref="CompleteAsync"/> has run: nothing more is written to the test's output.</summary>
    public bool IsCompleted => _completed;

    /// <summary>
    /// Returns <paramref name="inner"/> bound to this test like <see cref="Runner"/>: cancelled by
    /// the test's token, its commands and output written to the test's output (for a
    /// <see cref="RecordingRunner"/>, a <see cref="ScriptedRunner"/>, another cassette).
    /// </summary>
    /// <param name="inner">The runner that runs the commands.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public IProcessRunner Relay(IProcessRunner inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return RelayThrough(inner);
    }

    /// <summary><paramref name="inner"/> bound to this test: cancelled by its token, written to its output, started processes relayed until it completes.</summary>
    private TestOutputRunner RelayThrough(IProcessRunner inner) => new(inner, Write, TestContext.CancellationToken, Track);

    /// <summary>
    /// The shared server of <paramref name="fixture"/> for this test: its log goes to this test's
    /// output while the test runs, and its last lines are attached if the test fails. Call it once
    /// per test (more calls return the same server).
    /// </summary>
    /// <param name="fixture">A fixture started in <c>[AssemblyInitialize]</c> or <c>[ClassInitialize]</c>.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="AssertInconclusiveException">The server's program is not installed: the test is skipped, and the message names the package.</exception>
    /// <exception cref="Exception">The fixture's start failed: its real exception is rethrown (for example <see cref="ServerExitedDuringStartupException"/>, with the exit status and log tail).</exception>
    /// <exception cref="InvalidOperationException">The fixture was not started, its server has exited, or the session is completed.</exception>
    public TServer Use<TServer>(ServerFixture<TServer> fixture)
        where TServer : HelperServer
    {
        ArgumentNullException.ThrowIfNull(fixture);
        lock (_gate)
        {
            ThrowIfCompleted();
            if (_servers.TryGetValue(fixture, out var known))
            {
                return (TServer)known.Server;
            }

            var server = fixture.Attach(_output, out var route);
            _subscriptions.Add(route);
            _servers.Add(fixture, new UsedServer(server, fixture.AttachedLogLines));
            Write($"[processkit] using {server}");
            return server;
        }
    }

    /// <summary>
    /// Starts <paramref name="server"/> for this test alone, with the test's token: its log goes to
    /// the test's output, its last lines are attached if the test fails, and it is stopped and
    /// removed by <see cref="CompleteAsync"/>. A missing program skips the test; any other startup
    /// failure is thrown as is.
    /// </summary>
    /// <param name="server">A server built and not started (<c>new RedisServerBuilder().Build()</c>); starting it again returns it as it is.</param>
    /// <returns>The same server, ready.</returns>
    /// <exception cref="AssertInconclusiveException">The server's program is not installed: the test is skipped, and the message names the package.</exception>
    /// <exception cref="OperationCanceledException">The test's token was cancelled: nothing of the server is left.</exception>
    /// <exception cref="InvalidOperationException">The session is completed.</exception>
    public async Task<TServer> StartServerAsync<TServer>(TServer server)
        where TServer : HelperServer
    {
        ArgumentNullException.ThrowIfNull(server);
        lock (_gate)
        {
            ThrowIfCompleted();
            if (_servers.TryAdd(server, new UsedServer(server, ServerLogAttachment.DefaultLines)))
            {
                _ownedServers.Add(server);
                _subscriptions.Add(server.Log.AddSink(Write));
            }
        }

        try
        {
            await server.StartAsync(CancellationToken).ConfigureAwait(false);
        }
        catch (ServerBinaryNotFoundException missing)
        {
            Assert.Inconclusive(missing.SkipReason);
        }

        return server;
    }

    /// <summary>
    /// Gives this test its own cassette: <c>Cassettes/ClassName/MethodName.json</c> (data rows:
    /// <c>MethodName(arg1,arg2).json</c>) in the folder of the test's source file, and makes it the
    /// ambient runner of the calling async flow, so that a plain <c>command.RunAsync()</c> later in
    /// the test records or replays through it. The mode is <paramref name="options"/>'
    /// (<see cref="CassetteMode.Once"/> by default) unless <c>PROCESSKIT_CASSETTE_MODE</c> says
    /// otherwise. Recorded commands run through <c>options.Runner</c> (the real runner by default)
    /// bound to this test like <see cref="Runner"/>, and what the cassette replays, records and saves
    /// is written to the test's output (unless <c>options.Logger</c> is given).
    /// <see cref="CompleteAsync"/> saves what was recorded when the test passed, and nothing otherwise.
    /// </summary>
    /// <param name="options">How to record, match and normalise; the defaults when null.</param>
    /// <param name="sourceFilePath">The test's source file: leave it to the compiler.</param>
    /// <returns>The cassette's runner: hand it to the code under test.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">The test already has a cassette, the session is completed, the source folder cannot be found, or <c>PROCESSKIT_CASSETTE_MODE</c> holds no mode.</exception>
    public RecordReplayRunner UseCassette(CassetteOptions? options = null, [CallerFilePath] string sourceFilePath = "") =>
        BeginCassette(options ?? new CassetteOptions(), TestCassetteSession.DefaultDirectory, strict: false, sourceFilePath);

    /// <summary>The cassette of <see cref="CassetteAttribute"/> (its folder and strictness), or of <see cref="UseCassette(CassetteOptions?, string)"/>.</summary>
    internal RecordReplayRunner BeginCassette(CassetteOptions options, string directory, bool strict, string sourceFilePath)
    {
        var folder = TestSourceDirectory.CassetteFolder(directory, sourceFilePath, AppContext.BaseDirectory);
        var name = CassetteAttribute.CassetteName(TestContext);
        lock (_gate)
        {
            ThrowIfCompleted();
            if (_cassette is not null)
            {
                throw new InvalidOperationException($"The test already has its cassette ({_cassette.Runner.CassettePath}): a test has one cassette.");
            }

            _cassette = TestCassetteSession.Begin(folder, name, options with { Runner = Relay(options.Runner ?? ProcessRunner.Default), Logger = options.Logger ?? new TestOutputLogger(this) }, strict);
            TestCassette.Use(_cassette.Runner);
            Write($"[processkit] cassette {_cassette.Runner.CassettePath} ({_cassette.Runner.Mode})");
            return _cassette.Runner;
        }
    }

    /// <summary>
    /// Ends the test's part; call it from <c>[TestCleanup]</c>, where MSTest knows the outcome.
    /// Unless the test passed, the cassette is not saved, and (unless it was skipped) the last
    /// <see cref="ServerFixture{TServer}.AttachedLogLines"/> lines of each server it used are written to a file in
    /// <see cref="TestContext.TestResultsDirectory"/> and attached with
    /// <see cref="TestContext.AddResultFile"/>. Then the cassette is disposed (saved when the test
    /// passed), the test's own servers are stopped, and nothing more reaches the test's output.
    /// Idempotent.
    /// </summary>
    /// <exception cref="CassetteBypassedException">The test passed, its cassette is strict, and the test got past it (see <see cref="CassetteAttribute.Strict"/>).</exception>
    /// <exception cref="AggregateException">More than one step failed (saving the cassette, stopping a server); every step was still done. A single failure is thrown as itself.</exception>
    /// <exception cref="InvalidOperationException">Called while the test is still running (its outcome is <see cref="UnitTestOutcome.InProgress"/>).</exception>
    public async Task CompleteAsync()
    {
        var outcome = TestContext.CurrentTestOutcome;
        if (outcome == UnitTestOutcome.InProgress)
        {
            throw new InvalidOperationException("CompleteAsync belongs in [TestCleanup]: while the test runs, MSTest does not know yet whether it passed.");
        }

        TestCassetteSession? cassette;
        HelperServer[] owned;
        UsedServer[] used;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            cassette = _cassette;
            owned = [.. _ownedServers];
            used = [.. _servers.Values];
        }

        var failures = new List<Exception>();
        if (cassette is not null)
        {
            if (outcome != UnitTestOutcome.Passed)
            {
                Write($"[processkit] the test did not pass ({outcome}): the cassette is not saved");
            }

            await CollectAsync(failures, () => cassette.EndAsync(outcome == UnitTestOutcome.Passed, Write)).ConfigureAwait(false);
        }

        foreach (var server in owned)
        {
            await CollectAsync(failures, () => server.DisposeAsync().AsTask()).ConfigureAwait(false);
        }

        if (outcome is not (UnitTestOutcome.Passed or UnitTestOutcome.Inconclusive))
        {
            foreach (var server in used)
            {
                await CollectAsync(failures, () => AttachLogTailAsync(server.Server, server.AttachedLogLines)).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            _completed = true;
            _output.Close();
            _subscriptions.ForEach(subscription => subscription.Dispose());
            _subscriptions.Clear();
        }

        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        if (failures.Count > 1)
        {
            throw new AggregateException("ProcessKit could not finish the test's cleanup.", failures);
        }
    }

    /// <summary>Writes one line to the test's output, unless the test is over.</summary>
    internal void Write(string line) => _output.WriteLine(line);

    /// <summary>Keeps <paramref name="subscription"/> until the test ends (disposed at once if it already has).</summary>
    internal void Track(IDisposable subscription)
    {
        lock (_gate)
        {
            if (!_completed)
            {
                _subscriptions.Add(subscription);
                return;
            }
        }

        subscription.Dispose();
    }

    private async Task AttachLogTailAsync(HelperServer server, int lines)
    {
        var directory = Path.Combine(TestContext.TestResultsDirectory ?? AppContext.BaseDirectory, "processkit-logs");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{CassetteAttribute.FileStem(TestContext)}.{ServerLogAttachment.Name(server)}");
        var test = $"{TestContext.FullyQualifiedTestClassName}.{TestContext.TestDisplayName ?? TestContext.TestName} ({TestContext.CurrentTestOutcome})";
        await File.WriteAllTextAsync(path, ServerLogAttachment.Text(server, lines, test), CancellationToken.None).ConfigureAwait(false);
        TestContext.AddResultFile(path);
        Write($"[processkit] the {server.Name} server's last log lines are attached: {path}");
    }

    private static async Task CollectAsync(List<Exception> failures, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every cleanup step runs; the failures are thrown together at the end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures.Add(e);
        }
    }

    /// <summary>A server the test used, and how many of its last log lines a failure attaches.</summary>
    private sealed record UsedServer(HelperServer Server, int AttachedLogLines);

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The test's ProcessKit session is completed: it serves one test, until its [TestCleanup].");
        }
    }
}
