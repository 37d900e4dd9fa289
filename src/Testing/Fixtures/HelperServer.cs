using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// A server a test needs (redis, postgres, nginx, your own service), run as a contained child
/// process: started on free ports with a fresh data directory, awaited until really ready,
/// its log kept and relayed, and its whole process tree stopped at the end. Built by
/// <see cref="HelperServerBuilder"/> or a preset (<see cref="RedisServerBuilder"/>,
/// <see cref="PostgresServerBuilder"/>, <see cref="NginxServerBuilder"/>, one of your own).
/// </summary>
/// <remarks>
/// <para>
/// Safe to share across parallel tests: starts and stops are serialized, a start of a running
/// server returns at once, and the properties can be read from any thread. A failed start leaves
/// nothing behind: no process, no port claim, no data directory (unless
/// <see cref="HelperServerBuilder.KeepDataDirectoryOnFailure"/>).
/// </para>
/// <para>
/// <see cref="StopAsync"/> stops the process tree but keeps the ports and the data directory, so a
/// later <see cref="StartAsync"/> (or <see cref="RestartAsync"/>) brings the same server back on the
/// same ports with the same data. <see cref="DisposeAsync"/> stops it and releases everything.
/// </para>
/// </remarks>
public partial class HelperServer : IAsyncDisposable
{
    /// <summary>The host every started server listens on.</summary>
    public const string LoopbackHost = "127.0.0.1";

    private const int ErrorTailLines = 40;

    /// <summary>How long a stopped tree's pipes get to drain into the log (a descendant outside the container may hold them open).</summary>
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(5);

    // Serializes start, stop and disposal. Never disposed: it has no wait handle to release.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    // Written under _lifecycle, read by the properties from any thread.
    private volatile ServerPorts? _ports;
    private volatile string? _dataDirectory;
    private volatile ProcessGroup? _group;
    private volatile RunningProcess? _process;
    private volatile ExistingServerEndpoint? _existing;
    private IDisposable? _logRelay;
    private volatile HelperServerState _state;
    private volatile ShutdownReport? _lastShutdown;
    private long _lastStartupTicks = -1;
    private volatile bool _stopping;

    /// <summary>Makes a server from <paramref name="definition"/>; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="definition">What to run, from <see cref="HelperServerBuilder.BuildDefinition"/>.</param>
    public HelperServer(HelperServerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Log = new ServerLog(definition.Name, definition.LogCapacity, definition.Logger, definition.LogSinks);
    }

    /// <summary>What this server is made from.</summary>
    public HelperServerDefinition Definition { get; }

    /// <summary>The server's name.</summary>
    public string Name => Definition.Name;

    /// <summary>Where the server is in its life.</summary>
    public HelperServerState State =>
        _state == HelperServerState.Running && _process is { HasExited: true } ? HelperServerState.Exited : _state;

    /// <summary>True when the server is an existing one named by <see cref="HelperServerDefinition.ExistingServerVariable"/>: no process was started.</summary>
    public bool IsExistingServer => _existing is not null;

    /// <summary>The address the existing-server variable gave, or null when the server was started here.</summary>
    public Uri? ExistingServerAddress => _existing?.Uri;

    /// <summary>The user name and password of the existing server's URL (<c>scheme://user:password@host</c>), each null when absent or empty, or for a server started here.</summary>
    internal (string? User, string? Password) ExistingCredentials
    {
        get
        {
            if (ExistingServerAddress is not { UserInfo.Length: > 0 } address)
            {
                return (null, null);
            }

            var parts = address.UserInfo.Split(':', 2);
            string? Part(int index) => index < parts.Length && parts[index].Length > 0 ? Uri.UnescapeDataString(parts[index]) : null;
            return (Part(0), Part(1));
        }
    }

    /// <summary>The host to connect to: <see cref="LoopbackHost"/>, or the existing server's host.</summary>
    public string Host => _existing?.Host ?? LoopbackHost;

    /// <summary>The first port.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started, or declares no port.</exception>
    public int Port => Values().Port("");

    /// <summary>The ports by name, in declaration order (only the existing server's port, for an existing server); empty before the first start.</summary>
    public IReadOnlyDictionary<string, int> Ports =>
        _existing is null && _ports is null ? new Dictionary<string, int>() : Values().Ports.ToDictionary(StringComparer.Ordinal);

    /// <summary>The data directory (the server's working directory unless its command sets one), or null before the first start and for an existing server.</summary>
    public string? DataDirectory => _dataDirectory;

    /// <summary>The running server process, or null when none runs (not started, stopped, or an existing server).</summary>
    public RunningProcess? Process => _process;

    /// <summary>The live processes of the server's tree (the server and everything it spawned; for a server on a <see cref="ServerHost"/>, its main process as the host gives it); empty when none runs.</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            try
            {
                return _group?.Members ?? (_process is { HasExited: false } hosted ? [hosted.Id] : []);
            }
            catch (ObjectDisposedException)
            {
                return [];
            }
        }
    }

    /// <summary>The server's output: the newest lines, an optional file, live sinks.</summary>
    public ServerLog Log { get; }

    /// <summary>What the last stop found and did (graceful within the grace, or killed), or null before the first stop.</summary>
    public ShutdownReport? LastShutdown => _lastShutdown;

    /// <summary>How long the last successful start took from spawning the process to readiness, or null.</summary>
    public TimeSpan? LastStartupDuration => Volatile.Read(ref _lastStartupTicks) is >= 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>The port named <paramref name="name"/>.</summary>
    /// <param name="name">A declared port name.</param>
    /// <exception cref="InvalidOperationException">The server has not been started, or has no such port (an existing server has only the port its address gives).</exception>
    public int GetPort(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Values().Port(name);
    }

    /// <summary>Replaces the placeholders (<c>{port}</c>, <c>{port:NAME}</c>, <c>{host}</c>, <c>{data}</c>) of <paramref name="template"/> with this server's values: for client commands and URLs.</summary>
    /// <param name="template">The text.</param>
    /// <exception cref="InvalidOperationException">The server has not been started, or a placeholder has no value.</exception>
    public string Expand(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return ServerPlaceholders.Expand(template, Values());
    }

    /// <summary>
    /// Stops the server: SIGTERM to its whole tree, <see cref="HelperServerDefinition.StopGrace"/>,
    /// SIGKILL for what is left; <see cref="LastShutdown"/> says which. Keeps the ports and data
    /// directory for a restart. Idempotent; a server that is not running is left as is.
    /// </summary>
    /// <param name="cancellationToken">Cuts the grace short: the tree is killed at once, then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state is HelperServerState.Disposed or HelperServerState.NotStarted)
            {
                return;
            }

            await StopCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>) and starts it again on the same ports with the same data directory.</summary>
    /// <param name="cancellationToken">Cancels the stop's grace and the start; see <see cref="StartAsync"/>.</param>
    /// <exception cref="ObjectDisposedException">The server is disposed.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_state == HelperServerState.Disposed, this);
            await StopCoreAsync(cancellationToken).ConfigureAwait(false);
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the server (graceful, then forced), releases its ports and removes its data directory
    /// (kept only after a failed start with <see cref="HelperServerBuilder.KeepDataDirectoryOnFailure"/>).
    /// Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_state == HelperServerState.Disposed)
            {
                return;
            }

            try
            {
                await StopCoreAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                ReleaseResources();
                Log.Dispose();
                _state = HelperServerState.Disposed;
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => _existing is not null
        ? $"{Name} (existing server at {_existing})"
        : $"{Name} ({State}{(_ports is null ? "" : ", " + string.Join(", ", _ports.Values.Select(p => $"{p.Key} {p.Value}")))})";

    private PlaceholderValues Values()
    {
        if (_existing is { } existing)
        {
            var name = Definition.ExistingServerPort ?? Definition.PortNames[0];
            return new PlaceholderValues(existing.Host, [new(name, existing.Port)], DataDirectory: null);
        }

        var ports = _ports ?? throw new InvalidOperationException($"The {Name} server has no ports yet: start it first.");
        return new PlaceholderValues(LoopbackHost, ports.Values, _dataDirectory);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            if (_state is HelperServerState.Running or HelperServerState.Exited)
            {
                _state = HelperServerState.Stopped;
            }

            return;
        }

        _state = HelperServerState.Stopping;
        Log.Note(string.Create(CultureInfo.InvariantCulture, $"stopping: SIGTERM to its {ProcessIds.Count} processes, SIGKILL after {Definition.StopGrace.TotalSeconds:0.###} s"));
        var report = await TearDownProcessAsync(Definition.StopGrace, cancellationToken).ConfigureAwait(false);
        _lastShutdown = report;
        Log.Note(report.Escalated ? $"stopped: killed after the grace ({report.MembersBefore.Count} processes)" : "stopped within the grace");
        _state = HelperServerState.Stopped;
    }

    /// <summary>Stops the tree (SIGTERM, <paramref name="grace"/>, SIGKILL), reaps it and removes its container. Cancellation kills at once, finishes the teardown, then throws.</summary>
    private async Task<ShutdownReport> TearDownProcessAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        // No group: the run is on the definition's host (a container), stopped through the run itself.
        var group = _group;
        var process = _process!;
        _stopping = true;
        try
        {
            return group is not null
                ? await group.StopAsync(grace, escalate: true, cancellationToken).ConfigureAwait(false)
                : await TerminateHostedAsync(process, grace, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (group is not null)
            {
                group.KillAll();
            }
            else
            {
                process.Kill();
            }

            throw;
        }
        finally
        {
            await DrainAsync(process).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
            if (group is not null)
            {
                await group.DisposeAsync().ConfigureAwait(false);
            }

            _logRelay?.Dispose();
            _logRelay = null;
            _process = null;
            _group = null;
            _stopping = false;
        }
    }

    /// <summary>Stops a run on the definition's host: SIGTERM, the grace, SIGKILL, reported like a group's stop.</summary>
    private async Task<ShutdownReport> TerminateHostedAsync(RunningProcess process, TimeSpan grace, CancellationToken cancellationToken)
    {
        var clock = Definition.TimeProvider;
        var began = clock.GetTimestamp();
        var graceful = await process.TerminateAsync(grace, cancellationToken).ConfigureAwait(false);
        return new ShutdownReport([process.Id], [], graceful, !graceful, FoundByMarker: 0, clock.GetElapsedTime(began));
    }

    /// <summary>
    /// Waits until the stopped process's output is drained, so its last lines (a goodbye, a crash
    /// report) reach the log: disposing it first would abandon what is still in its pipes.
    /// </summary>
    private static async Task DrainAsync(RunningProcess process)
    {
        using var giveUp = new CancellationTokenSource();
        var drained = process.Exited.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.WhenAny(drained, Task.Delay(DrainWait, giveUp.Token)).ConfigureAwait(false);
        await giveUp.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Releases the port claims and removes the data directory.</summary>
    private void ReleaseResources()
    {
        _ports?.Dispose();
        _ports = null;
        if (_dataDirectory is { } directory)
        {
            _dataDirectory = null;
            try
            {
                DataDirectories.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Warn($"could not remove the data directory {directory}: {e.Message}");
            }
        }
    }
}
