using NUnit.Framework;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// A <see cref="HelperServer"/> shared by the tests of a fixture (start it in <c>[OneTimeSetUp]</c>,
/// dispose it in <c>[OneTimeTearDown]</c>), of a namespace or of the whole assembly (the same, in a
/// <c>[SetUpFixture]</c>, held in a static property). Tests reach it through <see cref="Server"/>.
/// </summary>
/// <remarks>
/// <para>
/// A failed start does not fail the fixture: <see cref="StartAsync"/> keeps the exception, and each
/// test that reads <see cref="Server"/> fails with that very exception (its type, message and the
/// server's last log lines), while the fixture's other tests run. A server whose program is not
/// installed (<see cref="ServerBinaryNotFoundException"/>) makes each such test ignored instead
/// (<see cref="Assert.Ignore(string)"/>), with a reason that names the package to install.
/// </para>
/// <para>
/// With <see cref="ProcessKitTestAttribute"/> on the assembly or fixture, a test that reads
/// <see cref="Server"/> receives the server's log in its own output while it runs, and, if it
/// fails, the log's last <see cref="AttachedLogLines"/> lines (and the log file, if the
/// server writes one) as attachments. Log lines that belong to no test go to
/// <see cref="TestContext.Progress"/>. Thread-safe: parallel tests may share it.
/// </para>
/// </remarks>
/// <typeparam name="TServer">The server type (<see cref="RedisServer"/>, <see cref="PostgresServer"/>, ...).</typeparam>
public sealed class ServerFixture<TServer> : IAsyncDisposable
    where TServer : HelperServer
{
    private readonly SharedServerLifecycle<TServer> _lifecycle;
    private readonly Lock _gate = new();
    private readonly HashSet<TestSession> _boundTests = [];
    private int _attachedLogLines = ServerLogAttachment.DefaultLines;

    /// <summary>A shared server made by <paramref name="create"/> when <see cref="StartAsync"/> runs; see also <see cref="ServerFixture.Of{TBuilder, TServer}"/>.</summary>
    /// <param name="create">Builds the server (not started), for example <c>new RedisServerBuilder().Build</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    public ServerFixture(Func<TServer> create)
    {
        _lifecycle = new SharedServerLifecycle<TServer>(this, ServerFactory.Checked(create));
    }

    /// <summary>How many of the server's last log lines are attached to a failed test that used it; 200 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int AttachedLogLines
    {
        get => _attachedLogLines;
        init => _attachedLogLines = ServerLogAttachment.Checked(value);
    }

    /// <summary>Why the start failed, or null (not started yet, or started).</summary>
    public Exception? StartupFailure => _lifecycle.StartupFailure;

    /// <summary>
    /// The running server, for a test. Ties the calling test to the server's log (see the remarks)
    /// and then returns it; never starts anything.
    /// </summary>
    /// <exception cref="IgnoreException">The server's program is not installed: the test is ignored, the reason names the package.</exception>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> was not called (or has not finished), or the server has exited since it started (the message has its last log lines).</exception>
    /// <exception cref="ObjectDisposedException">The shared server was disposed.</exception>
    /// <remarks>Any other exception is the one the start failed with, rethrown as it was.</remarks>
    public TServer Server
    {
        get
        {
            _lifecycle.ThrowIfDisposed();
            if (!_lifecycle.StartEnded)
            {
                throw new InvalidOperationException(
                    $"The shared {typeof(TServer).Name} has not been started: await its StartAsync() in [OneTimeSetUp] (or in a [SetUpFixture]'s [OneTimeSetUp]) before the tests read Server.");
            }

            // Bound before the failure is rethrown, so that a test failed by a crashed start gets the log attached too.
            var server = _lifecycle.Server;
            if (server is not null && TestSession.Current is { } session)
            {
                Bind(session, server);
            }

            _lifecycle.ThrowStartupFailure(missing => Assert.Ignore(missing.SkipReason));
            _lifecycle.ThrowIfExited();
            return server!;
        }
    }

    /// <summary>
    /// Builds and starts the server, once; call it from <c>[OneTimeSetUp]</c>. Never throws for a
    /// failed start: the failure is kept, reported to <see cref="TestContext.Progress"/>, and
    /// rethrown to each test that reads <see cref="Server"/>. Later calls return at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start (as does NUnit's token for the fixture): the server's process tree is killed and the tests that use it fail with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The shared server was disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _lifecycle.ThrowIfDisposed();
        var diagnostic = DiagnosticOutput.Capture();
        var fixtureToken = TestContext.CurrentContext.CancellationToken;
        using var linked = fixtureToken.CanBeCanceled && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(fixtureToken, cancellationToken)
            : null;
        var token = linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : fixtureToken);
        var failure = await _lifecycle.StartAsync(diagnostic.WriteLine, token).ConfigureAwait(false);
        if ((failure is null ? _lifecycle.StartedLine() : _lifecycle.FailedStartLine(failure)) is { } line)
        {
            diagnostic.WriteLine(line);
        }
    }

    /// <summary>Stops the server and removes what it left (its process tree, ports, data directory); call it from <c>[OneTimeTearDown]</c>. Idempotent.</summary>
    public ValueTask DisposeAsync() => _lifecycle.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => _lifecycle.ToString();

    /// <summary>Routes the server's log to the test until it ends; then, if it failed, attaches the log's tail.</summary>
    private void Bind(TestSession session, TServer server)
    {
        lock (_gate)
        {
            if (!_boundTests.Add(session))
            {
                return;
            }
        }

        var route = _lifecycle.Attach(session.Output.WriteLine);
        session.OnEnd((ended, failed) =>
        {
            route.Dispose();
            lock (_gate)
            {
                _boundTests.Remove(ended);
            }

            if (failed)
            {
                AttachLog(ended, server);
            }
        });
    }

    private void AttachLog(TestSession session, TServer server)
    {
        TestAttachments.AttachLines(
            session,
            ServerLogAttachment.Name(server),
            $"The last log lines of the {server.Name} server",
            ServerLogAttachment.Lines(server, _attachedLogLines, session.TestName));
        if (server.Log.FilePath is { } file)
        {
            TestAttachments.AttachCopy(session, file, $"The {server.Name} server's log file");
        }
    }
}
