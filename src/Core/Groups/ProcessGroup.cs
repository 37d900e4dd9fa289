using System.Diagnostics;

namespace ProcessKit;

/// <summary>
/// A container for processes that outlive a single command: every command run through it, and
/// everything those commands spawn, is a member until the group is stopped or disposed. On Linux
/// the group is a cgroup v2 group where one can be created (a member cannot leave it, whatever it
/// does), else POSIX process groups with an environment marker; see <see cref="Mechanism"/> and
/// <see cref="MechanismReason"/> for what is really in use.
/// </summary>
/// <remarks>
/// The group is a runner: <see cref="OutputAsync"/> and the other verbs run a command as a member,
/// with the command's own timeout and cancellation applying to that member's tree only. Dispose
/// (sync or async) stops everything: SIGTERM, the grace, SIGKILL, then the container is removed.
/// </remarks>
public sealed partial class ProcessGroup : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    private readonly ContainerBackend _backend;
    private readonly ProcessGroupOptions _options;
    private readonly Lazy<Task> _disposal;
    private int _disposed;
    private volatile bool _suspended;

    private ProcessGroup(ContainerBackend backend, ProcessGroupOptions options)
    {
        _backend = backend;
        _options = options;
        _disposal = new Lazy<Task>(DisposeCoreAsync);
    }

    /// <summary>Finalizer: a last resort that kills what a forgotten group still holds. Dispose is the plan.</summary>
    ~ProcessGroup()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Never block a finalizer thread: kill now, remove the container once it is empty.
            _backend.KillAll();
            ThreadPool.UnsafeQueueUserWorkItem(static backend => backend.Dispose(), _backend, preferLocal: false);
        }
    }

    /// <summary>The mechanism really in use.</summary>
    public ContainmentMechanism Mechanism => _backend.Mechanism;

    /// <summary>
    /// Why this mechanism: what was found, or what stood in the way of a better one; and for a
    /// group whose limits are enforced through cgroup v1 (a hybrid host), which limits and in which
    /// v1 groups.
    /// </summary>
    public string MechanismReason => _backend.Reason;

    /// <summary>
    /// The live processes of the group. With cgroup v2, the whole tree. With process groups on
    /// Linux, every process in a member's process group plus every process carrying the group's
    /// marker (descendants that left with <c>setsid</c> included; one that also cleared its
    /// environment is missed). On macOS, only the members' process groups.
    /// </summary>
    public IReadOnlyList<int> Members
    {
        get
        {
            ThrowIfDisposed();
            return _backend.LiveProcesses();
        }
    }

    /// <summary>Creates a group with the strongest mechanism this machine allows.</summary>
    /// <param name="options">Grace, escalation, limits and logger; defaults when null.</param>
    /// <exception cref="ResourceLimitException">Limits were asked for and the kernel cannot enforce them here (neither cgroup hierarchy offers the controller, or refuses the value).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ProcessGroup Create(ProcessGroupOptions? options = null)
    {
        options ??= new ProcessGroupOptions();
        options.Validate();
        return new ProcessGroup(MechanismSelector.CreateBackend(options.Limits, options.Logger), options);
    }

    /// <summary>The mechanism a new group would get here, and why, without creating anything.</summary>
    public static MechanismPrediction PredictMechanism() => MechanismSelector.Predict();

    /// <summary>
    /// Sends POSIX signal <paramref name="signal"/> (15 for SIGTERM, 9 for SIGKILL, ...) to every
    /// live process. With cgroup v2 the group is frozen meanwhile, so no process can fork or exit
    /// past the signal. On Windows only 9 (a kill) exists.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not positive.</exception>
    /// <exception cref="PlatformNotSupportedException">On Windows, a signal other than 9.</exception>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public void Signal(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        ThrowIfDisposed();
        _backend.Signal(signal);
    }

    /// <summary>Stops every process where it is (cgroup freezer, else SIGSTOP to each; on Windows every thread of the job is suspended).</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public void Suspend()
    {
        ThrowIfDisposed();
        _backend.Freeze(true);
        _suspended = true;
    }

    /// <summary>Lets every suspended process continue.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public void Resume()
    {
        ThrowIfDisposed();
        _backend.Freeze(false);
        _suspended = false;
    }

    /// <summary>Kills every process at once, without a grace. Idempotent; the group stays usable.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public void KillAll()
    {
        ThrowIfDisposed();
        _backend.KillAll();
    }

    /// <summary>
    /// Stops every process gracefully: SIGTERM, up to <paramref name="grace"/> for them to exit,
    /// then (if <paramref name="escalate"/>) SIGKILL and a wait until they are gone. The group
    /// stays usable afterwards.
    /// </summary>
    /// <param name="grace">The grace; the group's <see cref="ProcessGroupOptions.ShutdownGrace"/> when null.</param>
    /// <param name="escalate">Kill what is left after the grace; <see cref="ProcessGroupOptions.EscalateToKill"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting (processes already signalled stay signalled).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grace"/> is negative or longer than about 49.7 days (the longest wait a timer takes).</exception>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<ShutdownReport> StopAsync(TimeSpan? grace = null, bool? escalate = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var wait = grace ?? _options.ShutdownGrace;
        TimerLimit.ThrowIfInvalid(wait, nameof(grace), "The grace", allowZero: true, allowInfinite: false);
        return StopCoreAsync(wait, escalate ?? _options.EscalateToKill, cancellationToken);
    }

    /// <summary>Figures about the group; what cannot be measured here is null.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public ProcessGroupStats Stats()
    {
        ThrowIfDisposed();
        return _backend.Stats();
    }

    /// <summary>
    /// Stops every process (SIGTERM, the grace, SIGKILL) and removes the container. Idempotent: a
    /// second call, even a concurrent one, completes when the first teardown has.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return new ValueTask(_disposal.Value);
    }

    /// <summary>Like <see cref="DisposeAsync"/>, blocking the calling thread.</summary>
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    private async Task DisposeCoreAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // the finalizer ran (cannot happen while a caller holds the group)
        }

        try
        {
            await StopCoreAsync(_options.ShutdownGrace, escalate: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _backend.Dispose();
        }
    }

    internal Containment CreateMember()
    {
        ThrowIfDisposed();
        return _backend.CreateMember();
    }

    private async Task<ShutdownReport> StopCoreAsync(TimeSpan grace, bool escalate, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // No shortcut when nothing is listed: a process-group sweep can miss a process forked
        // meanwhile, which the signal to its process group still reaches.
        var before = _backend.LiveProcesses();
        var byMarker = 0;
        var drained = false;
        if (grace > TimeSpan.Zero && !OperatingSystem.IsWindows()) // Windows has no SIGTERM: its stop is the kill below
        {
            byMarker = _backend.Signal(SignalNames.SigTerm);
            if (_suspended)
            {
                // A stopped process cannot act on SIGTERM: let it run so it can use its grace.
                _backend.Freeze(false);
                _suspended = false;
            }

            drained = await _backend.WaitUntilStoppedAsync(SignalNames.SigTerm, grace, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        var escalated = false;
        if (!drained && escalate)
        {
            escalated = true;
            _backend.KillAll();
            await _backend.WaitUntilStoppedAsync(SignalNames.SigKill, KillWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<int> after = drained ? [] : _backend.LiveProcesses();
        return new ShutdownReport(before, after, drained, escalated, byMarker, Stopwatch.GetElapsedTime(started));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
