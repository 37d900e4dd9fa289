namespace ProcessKit.Testing.MSTest;

/// <summary>
/// A helper server shared by the tests of an assembly or a class: started once from
/// <c>[AssemblyInitialize]</c> or <c>[ClassInitialize]</c>, used by each test through
/// <see cref="TestSession.Use{TServer}"/> (or <see cref="ProcessKitTest.Use{TServer}"/>),
/// and stopped from <c>[AssemblyCleanup]</c> or <c>[ClassCleanup]</c> by <see cref="DisposeAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// A failed start does not fail the initialize method (MSTest would report a generic
/// "initialization method threw" for every test): the real exception is kept, and each test that
/// uses the server fails with it, its type, message and log tail intact. A missing program
/// (<see cref="ServerBinaryNotFoundException"/>) makes each such test inconclusive, MSTest's skip,
/// with the package to install. Tests that do not use the server are not affected.
/// </para>
/// <para>
/// The server's log goes to the output of every test that is using it when a line arrives (tests
/// running in parallel on one shared server all see it), and to MSTest's diagnostic channel
/// (<see cref="TestContext.DisplayMessage"/> of the initialize method's context) while no test is
/// using it: during the start, between tests, during the stop. Thread-safe.
/// </para>
/// </remarks>
/// <typeparam name="TServer">The server type: <see cref="HelperServer"/> or a preset's (<see cref="RedisServer"/>, ...).</typeparam>
public sealed class ServerFixture<TServer> : IAsyncDisposable
    where TServer : HelperServer
{
    private readonly SharedServerLifecycle<TServer> _lifecycle;
    private int _attachedLogLines = ServerLogAttachment.DefaultLines;

    /// <summary>Describes the fixture; nothing is built or started until <see cref="StartAsync"/>.</summary>
    /// <param name="create">
    /// Builds the server, for example <c>() => new RedisServerBuilder().Build()</c>. It is called by
    /// <see cref="StartAsync"/>, so a builder's validation error is kept and rethrown in the tests
    /// like any startup failure, rather than breaking the test class's type initializer.
    /// </param>
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

    /// <summary>True once <see cref="StartAsync"/> has started the server and it became ready.</summary>
    public bool IsStarted => _lifecycle.IsStarted;

    /// <summary>The exception the start failed with (kept for the tests that use the server), or null.</summary>
    public Exception? StartupFailure => _lifecycle.StartupFailure;

    /// <summary>
    /// The started server, for code outside a test (seeding data in the initialize method, a
    /// connection string for a class-wide client). Inside a test, prefer
    /// <see cref="TestSession.Use{TServer}"/>, which also routes the log to the test.
    /// </summary>
    /// <exception cref="AssertInconclusiveException">The server's program is not installed: the message names the package.</exception>
    /// <exception cref="Exception">The start failed: the real startup exception is rethrown (for example <see cref="ServerExitedDuringStartupException"/> with the log tail, or <see cref="OperationCanceledException"/>).</exception>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> was not called, or the server has exited since it started.</exception>
    /// <exception cref="ObjectDisposedException">The fixture is disposed.</exception>
    public TServer Server => EnsureUsable();

    /// <summary>
    /// Builds and starts the server; call it from <c>[AssemblyInitialize]</c> or
    /// <c>[ClassInitialize]</c> with the context MSTest passes there. Its
    /// <see cref="TestContext.CancellationToken"/> cancels the start (the server's tree is killed and
    /// nothing is left). A failure is never thrown here: it is kept and rethrown in each test that
    /// uses the server. A second call (a derived class's initialize) returns at once.
    /// Several fixtures start side by side with <c>Task.WhenAll</c>.
    /// </summary>
    /// <param name="fixtureContext">The initialize method's context: its token and its diagnostic channel.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fixtureContext"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The fixture is disposed.</exception>
    public async Task StartAsync(TestContext fixtureContext)
    {
        ArgumentNullException.ThrowIfNull(fixtureContext);
        var failure = await _lifecycle.StartAsync(line => fixtureContext.DisplayMessage(MessageLevel.Informational, line), fixtureContext.CancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            ServerOutputRouter.Deliver(warning => fixtureContext.DisplayMessage(MessageLevel.Warning, warning), _lifecycle.FailedStartLine(failure));
        }
        else if (_lifecycle.StartedLine() is { } started)
        {
            ServerOutputRouter.Deliver(line => fixtureContext.DisplayMessage(MessageLevel.Informational, line), started);
        }
    }

    /// <summary>
    /// Stops the server (its whole tree, graceful then forced), releases its ports and removes its
    /// data directory; call it from <c>[AssemblyCleanup]</c> or <c>[ClassCleanup]</c>. The stop's
    /// log goes to the diagnostic channel. Idempotent; safe when the start failed or never ran.
    /// </summary>
    public ValueTask DisposeAsync() => _lifecycle.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => _lifecycle.ToString();

    /// <summary>The started server for one test: the startup failure rethrown, a skip for a missing program, or the server with its log routed to <paramref name="output"/>.</summary>
    internal TServer Attach(TestOutputChannel output, out IDisposable route)
    {
        var server = EnsureUsable();
        route = _lifecycle.Attach(output.WriteLine);
        return server;
    }

    private TServer EnsureUsable()
    {
        _lifecycle.ThrowIfDisposed();
        _lifecycle.ThrowStartupFailure(missing => Assert.Inconclusive(missing.SkipReason));
        if (!_lifecycle.IsStarted || _lifecycle.Server is not { } server)
        {
            throw new InvalidOperationException(
                $"The {typeof(TServer).Name} fixture has not been started: call StartAsync(context) from an [AssemblyInitialize] or [ClassInitialize] method.");
        }

        _lifecycle.ThrowIfExited();
        return server;
    }
}
