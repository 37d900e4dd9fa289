using System.Globalization;
using System.Runtime.ExceptionServices;

namespace ProcessKit.Testing;

/// <summary>
/// The life of a helper server that several tests share, the same in every test-framework adapter
/// (<c>ServerFixture&lt;TServer&gt;</c> in xunit.v3, NUnit and MSTest alike):
/// built and started once; its log routed to the tests attached at the moment a line is read, or
/// to the framework's diagnostic channel while none is (<see cref="ServerOutputRouter"/>); a failed
/// start kept rather than thrown, and rethrown as it was, with its own stack trace, in each test that
/// uses the server (a missing program skips the test instead); stopped once, whole tree and all.
/// </summary>
/// <remarks>
/// A framework would report a fixture that throws as a generic setup error around every test, so
/// the failure waits for the tests that need the server. What differs between frameworks stays in
/// the adapters and comes in as arguments: where unattached log lines go, the token of the start,
/// how a test is skipped, how a failed start is reported, and what a test is told when the server
/// is not there. Thread-safe: starting and disposing are serialized, reads take no lock.
/// </remarks>
/// <typeparam name="TServer">The server type.</typeparam>
internal sealed class SharedServerLifecycle<TServer> : IAsyncDisposable
    where TServer : HelperServer
{
    // How many of its last log lines the error about a server that has exited since its start shows.
    private const int ExitedLogLines = 40;

    // Serializes start and disposal. Never disposed: it has no wait handle to release.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _owner;
    private readonly Func<TServer> _create;
    private readonly ServerOutputRouter _router;
    private volatile Action<string>? _unattached;
    private volatile TServer? _server;
    private volatile ExceptionDispatchInfo? _startupFailure;
    private IDisposable? _logSubscription;
    private volatile bool _startBegun;
    private volatile bool _startEnded;
    private volatile bool _disposed;

    /// <summary>Describes the lifecycle; nothing is built or started until <see cref="StartAsync"/>.</summary>
    /// <param name="owner">The adapter's object that holds it: an <see cref="ObjectDisposedException"/> names it.</param>
    /// <param name="create">
    /// Builds the server, not started; called once, by <see cref="StartAsync"/>, so that what it throws
    /// is kept like any failed start. It must not return null: each adapter throws its own error for that.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> or <paramref name="create"/> is null.</exception>
    internal SharedServerLifecycle(object owner, Func<TServer> create)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(create);
        _owner = owner;
        _create = create;
        _router = new ServerOutputRouter(line => _unattached?.Invoke(line));
    }

    /// <summary>True once a call to <see cref="StartAsync"/> has begun the start (it may still be running).</summary>
    internal bool StartBegun => _startBegun;

    /// <summary>True once the start has ended: the server is ready, or the failure is kept.</summary>
    internal bool StartEnded => _startEnded;

    /// <summary>True once the server has started and become ready, until the lifecycle is disposed.</summary>
    internal bool IsStarted => _startEnded && _startupFailure is null && !_disposed;

    /// <summary>The server once built (ready, still starting, failed to start, or stopped), or null.</summary>
    internal TServer? Server => _server;

    /// <summary>The exception the start failed with, or null.</summary>
    internal Exception? StartupFailure => _startupFailure?.SourceException;

    /// <summary>
    /// Builds and starts the server, then runs <paramref name="prepare"/> on it; once: a later call
    /// returns at once. A failure in any of these steps is never thrown: it is kept
    /// (<see cref="StartupFailure"/>), rethrown to the tests by <see cref="ThrowStartupFailure"/>,
    /// and returned, for the adapter to report in its own words.
    /// </summary>
    /// <param name="unattached">Receives the server's log lines while no test is attached: the framework's diagnostic channel.</param>
    /// <param name="cancellationToken">Cancels the start: the server's tree is killed and the kept failure is the <see cref="OperationCanceledException"/>.</param>
    /// <param name="prepare">Runs once the server is ready, before any test uses it (a schema, seed data); null for nothing.</param>
    /// <returns>The exception this call's start failed with; null when the server started, or when an earlier call made the start.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="unattached"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The lifecycle is disposed (the exception names the owner).</exception>
    internal async Task<Exception?> StartAsync(Action<string> unattached, CancellationToken cancellationToken, Func<TServer, CancellationToken, ValueTask>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(unattached);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, _owner);
            if (_startBegun)
            {
                return null;
            }

            _startBegun = true;
            _unattached = unattached;
            try
            {
                var server = _create();
                _server = server;
                _logSubscription = server.Log.AddSink(_router.Route);
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                if (prepare is not null)
                {
                    await prepare(server, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }
#pragma warning disable CA1031 // Every startup failure is kept and rethrown, as it was, in each test that uses the server: that is the point.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _startupFailure = ExceptionDispatchInfo.Capture(e);
                return e;
            }
            finally
            {
                _startEnded = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// For a test that uses the server: when the start failed, throws that very exception, with its
    /// original stack trace; when it failed because the server's program is not installed, calls
    /// <paramref name="skip"/>, which throws the framework's skip with
    /// <see cref="ServerBinaryNotFoundException.SkipReason"/> (were it to return, the failure itself
    /// is thrown). Returns when the start has not failed (it may not have ended, or begun, yet).
    /// </summary>
    /// <param name="skip">Skips the calling test: throws the framework's skip exception.</param>
    /// <exception cref="Exception">The startup failure, or the skip.</exception>
    internal void ThrowStartupFailure(Action<ServerBinaryNotFoundException> skip)
    {
        ArgumentNullException.ThrowIfNull(skip);
        if (_startupFailure is not { } failure)
        {
            return;
        }

        if (failure.SourceException is ServerBinaryNotFoundException missing)
        {
            skip(missing);
        }

        failure.Throw();
    }

    /// <summary>
    /// For a test that uses the server: throws when the server has exited by itself since it
    /// started (it crashed, or was killed behind the fixture's back), with its last log lines, so
    /// the test fails saying so rather than with a refused connection. A server stopped on purpose
    /// (<see cref="HelperServer.StopAsync"/>, a restart) is not affected.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has exited since it started.</exception>
    internal void ThrowIfExited()
    {
        if (_server is not { State: HelperServerState.Exited } server)
        {
            return;
        }

        var tail = server.Log.Tail(ExitedLogLines);
        throw new InvalidOperationException(
            $"The {server.Name} server has exited since it started; its last log lines:\n{(tail.Count == 0 ? "  (the server wrote no output)" : ServerLog.Format(tail, "  "))}");
    }

    /// <summary>
    /// The one line every adapter shows, where the framework shows it by default, once the server
    /// has started: its name, where it listens and how long it took to be ready
    /// (<c>[processkit] redis ready on 127.0.0.1:41234 after 212 ms</c>); for an existing server,
    /// its address. Null before the server has started.
    /// </summary>
    internal string? StartedLine()
    {
        if (!IsStarted || _server is not { } server)
        {
            return null;
        }

        if (server.ExistingServerAddress is { } address)
        {
            return $"[processkit] {server.Name}: using the existing server at {address}";
        }

        var ports = server.Ports;
        var where = ports.Count switch
        {
            0 => server.Host,
            1 => string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{ports.Values.First()}"),
            _ => server.Host + " ports " + string.Join(", ", ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))),
        };
        return string.Create(CultureInfo.InvariantCulture, $"[processkit] {server.Name} ready on {where} after {server.LastStartupDuration?.TotalMilliseconds ?? 0:0} ms");
    }

    /// <summary>The one line every adapter shows when the start failed: the tests that use the server are skipped (a missing program) or fail with <paramref name="failure"/>.</summary>
    /// <param name="failure">What the start failed with.</param>
    internal string FailedStartLine(Exception failure) => failure is ServerBinaryNotFoundException missing
        ? $"[processkit] {missing.SkipReason}: the tests that use it are skipped"
        : $"[processkit] {(_server is { } built ? $"the {built.Name} server did not start" : $"the {typeof(TServer).Name} could not be built")}; each test that uses it fails with {failure.GetType().Name}: {failure.Message}";

    /// <summary>Throws when the lifecycle is disposed.</summary>
    /// <exception cref="ObjectDisposedException">It is: the exception names the owner.</exception>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, _owner);

    /// <summary>
    /// Sends the server's later log lines to <paramref name="testOutput"/> (a running test's output)
    /// rather than to the unattached sink, until the returned handle is disposed.
    /// </summary>
    /// <param name="testOutput">Writes one line to the test's output, from any thread.</param>
    /// <returns>Dispose it when the test ends.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="testOutput"/> is null.</exception>
    internal IDisposable Attach(Action<string> testOutput) => _router.Attach(testOutput);

    /// <summary>
    /// Stops the server (its whole tree, graceful then forced), releases its ports, removes its data
    /// directory, then stops routing its log. Idempotent; safe when the start failed or never ran,
    /// and waits for a start that is still running.
    /// </summary>
    /// <returns>A task that completes when nothing of the server is left.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (_server is { } server)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _logSubscription?.Dispose();
                _logSubscription = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The server's own description once built; else the server type, not started.</summary>
    public override string ToString() => _server?.ToString() ?? $"{typeof(TServer).Name} (not started)";
}
