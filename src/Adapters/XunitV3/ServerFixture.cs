using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// An xunit.v3 fixture that starts a <see cref="HelperServer"/> (redis, postgres, nginx, your own
/// service) before the tests that use it and stops its whole process tree after them. Derive from
/// it, say which server in <see cref="CreateServer"/>, and use the derived class as a class fixture
/// (<see cref="IClassFixture{TFixture}"/>), a collection fixture (<see cref="ICollectionFixture{TFixture}"/>)
/// or an assembly fixture (<c>[assembly: AssemblyFixture(typeof(...))]</c>); take it in the test
/// class's constructor to reach <see cref="Server"/>.
/// </summary>
/// <remarks>
/// <para>
/// The start runs under xunit's cancellation token, so an aborted run stops a start half-way and
/// leaves no process. The fixture's own output (the server's log while no test runs: starting,
/// ready, stopping) goes to xunit's diagnostic messages (<c>"diagnosticMessages": true</c> in
/// xunit.runner.json shows them). With <see cref="ProcessKitTestAttribute"/>, each test that
/// takes the fixture gets the server's log in its own output while it runs, and the log's tail
/// attached when it fails.
/// </para>
/// <para>
/// A start that fails does not fail the fixture (xunit would report every test with a generic
/// "fixture threw" error around it): the exception is kept, and every test that uses the server
/// fails with that very exception (its type, message and server log tail), or is skipped with the
/// package to install when the server's program is missing (<see cref="ServerBinaryNotFoundException"/>).
/// </para>
/// </remarks>
/// <typeparam name="TServer">The server type: <see cref="HelperServer"/> or a preset's (<see cref="RedisServer"/>, ...).</typeparam>
public abstract class ServerFixture<TServer> : IAsyncLifetime, IServerFixture
    where TServer : HelperServer
{
    private readonly SharedServerLifecycle<TServer> _lifecycle;
    private int _attachedLogLines = ServerLogAttachment.DefaultLines;

    /// <summary>Prepares the fixture; nothing is created or started until xunit calls <see cref="InitializeAsync"/>.</summary>
    protected ServerFixture()
    {
        _lifecycle = new SharedServerLifecycle<TServer>(this, () =>
            CreateServer() ?? throw new InvalidOperationException($"{GetType().Name}.CreateServer returned null instead of a server."));
    }

    /// <summary>
    /// The started server. When the start failed, reading it fails the test with the start's own
    /// exception, or skips the test when the server's program is not installed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The fixture has not been initialized (xunit initializes it before the tests that use it), or the server has exited since it started (the message has its last log lines).</exception>
    /// <exception cref="Exception">The exception the start threw (<see cref="ServerExitedDuringStartupException"/>, <see cref="ServerStartupTimeoutException"/>, ...), rethrown with its original stack trace.</exception>
    public TServer Server
    {
        get
        {
            EnsureAvailable();
            return _lifecycle.Server!;
        }
    }

    /// <summary>The exception the start threw, or null when the server started (or has not been started yet).</summary>
    public Exception? StartupFailure => _lifecycle.StartupFailure;

    /// <summary>How many of the server's last log lines are attached to a failed test that used it; 200 by default (set it in the derived class's constructor).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int AttachedLogLines
    {
        get => _attachedLogLines;
        init => _attachedLogLines = ServerLogAttachment.Checked(value);
    }

    /// <summary>
    /// Creates the server, not started: <c>new RedisServerBuilder().Build()</c>, a
    /// <see cref="HelperServerBuilder"/> of your own, ... Called once, by <see cref="InitializeAsync"/>.
    /// An exception it throws is kept and rethrown in the tests, like a failed start.
    /// </summary>
    /// <returns>The server to start.</returns>
    protected abstract TServer CreateServer();

    /// <summary>
    /// Runs once the server is ready, before any test uses it: create a schema, load data, ...
    /// An exception it throws is kept and rethrown in the tests, like a failed start. Does nothing
    /// unless overridden.
    /// </summary>
    /// <param name="server">The started server.</param>
    /// <param name="cancellationToken">xunit's token for the fixture.</param>
    /// <returns>A task that completes when the server is prepared.</returns>
    protected virtual ValueTask OnStartedAsync(TServer server, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Creates and starts the server (xunit calls it before the first test that uses the fixture).
    /// A failed start does not throw: it is kept in <see cref="StartupFailure"/>, surfaces in each
    /// test through <see cref="Server"/>, and is reported as a diagnostic message at once.
    /// </summary>
    /// <returns>A task that completes when the server is ready or the start has failed.</returns>
    /// <exception cref="InvalidOperationException">The fixture was already initialized.</exception>
    /// <exception cref="ObjectDisposedException">The fixture was disposed before it was ever initialized (a server started now would never be stopped).</exception>
    public async ValueTask InitializeAsync()
    {
        if (_lifecycle.StartBegun)
        {
            throw new InvalidOperationException($"{GetType().Name} was already initialized: xunit initializes a fixture once.");
        }

        var context = TestContext.Current;
        var failure = await _lifecycle.StartAsync(context.SendDiagnosticMessage, context.CancellationToken, OnStartedAsync).ConfigureAwait(false);
        if (failure is not null)
        {
            context.SendDiagnosticMessage(_lifecycle.FailedStartLine(failure));
        }
        else if (_lifecycle.StartedLine() is { } started)
        {
            context.SendDiagnosticMessage(started);
        }
    }

    /// <summary>Stops the server's whole tree (graceful, then forced) and releases its ports and data directory. Idempotent.</summary>
    /// <returns>A task that completes when nothing of the server is left.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} ({_lifecycle.Server?.ToString() ?? "not created"})";

    /// <inheritdoc />
    HelperServer? IServerFixture.StartedServer => _lifecycle.Server;

    /// <inheritdoc />
    void IServerFixture.EnsureAvailable() => EnsureAvailable();

    /// <inheritdoc />
    IDisposable IServerFixture.Attach(TestOutputChannel output) => _lifecycle.Attach(output.WriteLine);

    /// <summary>Fails (or skips) the caller's test with the start's failure; see <see cref="Server"/>.</summary>
    private void EnsureAvailable()
    {
        _lifecycle.ThrowStartupFailure(missing => throw DynamicSkip.Because(missing.SkipReason, missing));
        if (_lifecycle.Server is null)
        {
            throw new InvalidOperationException($"{GetType().Name} has not been initialized: use it as an xunit fixture (class, collection or assembly), or call InitializeAsync first.");
        }

        _lifecycle.ThrowIfExited();
    }
}
