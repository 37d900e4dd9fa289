using System.Diagnostics;

namespace ProcessKit;

/// <summary>
/// One run of a command (one-shot, or started and live), from validation to a drained, reaped result: plans the spawn,
/// starts the child in a private container, feeds its input, drains its output, enforces the
/// timeout and cancellation on the whole tree, and waits until nothing of it is left running.
/// </summary>
internal sealed class ProcessExecution : IDisposable
{
    /// <summary>
    /// After the deadline, how long the pipes may stay open once the process tree is gone. Only a
    /// descendant that escaped the container can hold them that long; then reading stops.
    /// </summary>
    private static readonly TimeSpan DrainGraceAfterStop = TimeSpan.FromSeconds(2);

    private readonly Command _command;
    private readonly Containment _containment;
    private readonly Lock _gate = new();
    private bool _exited;
    private bool _timedOut;
    private bool _finished;
    private volatile bool _cancelled;
    private Deadline? _deadline;
    private readonly CancellationTokenSource _abandonPipes = new();
    private ChildProcess? _child;
    private OutputSink? _output;
    private OutputSink? _error;
    private long _started;
    private Task<ExecutionRecord>? _completion;

    private ProcessExecution(Command command, Containment containment)
    {
        _command = command;
        _containment = containment;
    }

    /// <summary>
    /// Runs <paramref name="command"/> to completion in a container from <paramref name="createContainment"/>.
    /// Throws only for spawn failures and cancellation.
    /// </summary>
    internal static async Task<ExecutionRecord> RunAsync(Command command, Func<Containment> createContainment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var plan = SpawnPlan.For(command);
        using var containment = createContainment();
        using var execution = new ProcessExecution(command, containment);

        // A one-shot run has nobody to write to a kept-open input: the child reads end-of-file at once.
        execution.Spawn(plan)?.Dispose();
        execution.Begin(lineObserver: null, defaultCapture: null);
        ExecutionRecord record;
        using (cancellationToken.Register(execution.Cancel))
        {
            record = await execution.Completion.ConfigureAwait(false);
        }

        if (execution._cancelled)
        {
            throw new OperationCanceledException($"{command} was cancelled and its process tree was killed.", cancellationToken);
        }

        return record;
    }

    /// <summary>Creates the run of <paramref name="command"/> in <paramref name="containment"/>; <see cref="Spawn(SpawnPlan)"/> starts it.</summary>
    internal static ProcessExecution Create(Command command, Containment containment) => new(command, containment);

    /// <summary>The process id, once spawned.</summary>
    internal int ProcessId => _child?.Id ?? 0;

    /// <summary>The result once the process has exited, its output is drained and its container has settled.</summary>
    /// <remarks>
    /// Asked before <see cref="Begin"/>, it throws at once rather than returning a faulted task: a
    /// faulted placeholder that <see cref="Begin"/> replaces would be finalized unobserved, raising
    /// <see cref="TaskScheduler.UnobservedTaskException"/> once per run.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><see cref="Begin"/> has not been called.</exception>
    internal Task<ExecutionRecord> Completion => _completion ?? throw new InvalidOperationException("The run has not begun.");

    private static ChildProcess Spawn(SpawnPlan plan, Containment containment) =>
        OperatingSystem.IsWindows() ? WindowsSpawner.Spawn(plan, containment) : SpawnPosix(plan, containment);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static ChildProcess SpawnPosix(SpawnPlan plan, Containment containment) =>
        plan.KillsOnParentDeath
            ? LongLivedSpawnThread.Run(() => PosixSpawner.Spawn(plan, containment))
            : PosixSpawner.Spawn(plan, containment);

    /// <summary>
    /// Spawns the child. Returns the write end of its stdin when the command keeps it open (the
    /// caller owns it); otherwise the input is fed by <see cref="Begin"/>.
    /// </summary>
    internal Stream? Spawn(SpawnPlan plan)
    {
        _containment.LeaderExited += MarkExited;
        _started = Stopwatch.GetTimestamp();
        _child = Spawn(plan, _containment);
        return _command.StandardInput.Kind == StandardInputKind.KeptOpen ? _child.StandardInput : null;
    }

    /// <summary>
    /// Starts draining, feeding and the timeout, and sets <see cref="Completion"/>.
    /// <paramref name="lineObserver"/> sees every line of both streams; <paramref name="defaultCapture"/>
    /// bounds the capture when the command sets no <see cref="OutputLimit"/>.
    /// </summary>
    internal void Begin(Action<OutputSource, string>? lineObserver, OutputLimit? defaultCapture)
    {
        var child = _child ?? throw new InvalidOperationException("Spawn first.");
        var limit = _command.OutputLimit ?? defaultCapture;
        _output = child.StandardOutput is null ? null
            : new OutputSink(limit, _command.Encoding, _command.StandardOutput.LineHandler, lineObserver is null ? null : line => lineObserver(OutputSource.StandardOutput, line));
        _error = child.StandardError is null ? null
            : new OutputSink(limit, _command.Encoding, _command.StandardError.LineHandler, lineObserver is null ? null : line => lineObserver(OutputSource.StandardError, line));
        _completion = FinishAsync(child);
    }

    /// <summary>Signals the whole tree; harmless once it has ended.</summary>
    internal void Signal(int signal) => SignalQuietly(signal);

    /// <summary>
    /// Cancellation is terminal whenever it comes: before the exit it kills the tree, after it
    /// stops waiting for pipes that an escaped descendant may hold.
    /// </summary>
    internal void Cancel()
    {
        _cancelled = true;
        _containment.KillTree();
        _abandonPipes.Cancel();
    }

    private async Task<ExecutionRecord> FinishAsync(ChildProcess child)
    {
        using var stopInput = new CancellationTokenSource();
        var drains = new List<Task>(2);
        var feed = Task.CompletedTask;
        try
        {
            if (_output is not null)
            {
                drains.Add(child.StandardOutput!.DrainAsync(_output, _abandonPipes.Token));
            }

            if (_error is not null)
            {
                drains.Add(child.StandardError!.DrainAsync(_error, _abandonPipes.Token));
            }

            if (child.StandardInput is { } stdin && _command.StandardInput.Kind != StandardInputKind.KeptOpen)
            {
                feed = StandardInputFeeder.FeedAsync(stdin, _command.StandardInput, _command.Encoding, stopInput.Token);
            }

            StartTimeout();
            var status = await child.Exited.ConfigureAwait(false);
            await stopInput.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(drains).ConfigureAwait(false);
            await Task.WhenAll(_output?.HandlerDone ?? Task.CompletedTask, _error?.HandlerDone ?? Task.CompletedTask).ConfigureAwait(false);
            StopTimers();
            await feed.ConfigureAwait(false);
            await _containment.SettleAsync().ConfigureAwait(false);
            var oomKilled = status.Signal == SignalNames.SigKill && _containment.HadMemoryLimitKill;
            return new ExecutionRecord(_command, status, _timedOut, _output, _error, Stopwatch.GetElapsedTime(_started), oomKilled);
        }
        catch
        {
            // Whatever went wrong, nothing of this run may stay behind, and the parts that were not
            // awaited (a drain, a line handler, the input feed) may fail later with nobody left to observe it.
            _containment.KillTree();
            StopTimers();
            foreach (var part in drains.Append(feed).Append(_output?.HandlerDone).Append(_error?.HandlerDone))
            {
                if (part is not null)
                {
                    TaskFaults.Observe(part);
                }
            }

            throw;
        }
    }

    /// <summary>Arms the command's deadline (<see cref="Deadline"/>), which stops the tree if the run outlasts it.</summary>
    private void StartTimeout()
    {
        var deadline = Deadline.Arm(_command.Timeout, _command.TimeoutGrace, _command.TimeProvider, grace => MarkTimedOut(grace) ? SignalQuietly : null);
        lock (_gate)
        {
            _deadline = deadline;
        }
    }

    /// <summary>
    /// A deadline passed: marks the run as timed out unless its process has already exited, and
    /// bounds how long the pipes are still read. Returns true when the tree must now be stopped,
    /// which the <see cref="Deadline"/> that called it does; a pipeline marks every stage before
    /// it signals any, so a stage that ends because its neighbour was stopped still counts as timed out.
    /// </summary>
    internal bool MarkTimedOut(TimeSpan grace)
    {
        lock (_gate)
        {
            if (_finished || _timedOut)
            {
                return false; // over, or already being stopped by an earlier deadline
            }

            if (_exited)
            {
                // The process ended in time but an escaped descendant still holds its pipes: the
                // deadline bounds the whole run, so stop reading them shortly.
                _abandonPipes.CancelAfter(DrainGraceAfterStop);
                return false;
            }

            _timedOut = true;

            // Output written before the stop is still read; only an escaped holder of the pipes is cut off.
            _abandonPipes.CancelAfter(TimerLimit.Cap(grace + DrainGraceAfterStop));
            return true;
        }
    }

    /// <summary>
    /// Signals the tree from a timer callback, where an exception would take the process down:
    /// a container that ended meanwhile has nothing left to signal.
    /// </summary>
    private void SignalQuietly(int signal)
    {
        try
        {
            _containment.SignalTree(signal);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Runs on the reaper thread as soon as the main process has exited, before it is reaped.</summary>
    private void MarkExited()
    {
        lock (_gate)
        {
            _exited = true;
        }
    }

    private void StopTimers()
    {
        lock (_gate)
        {
            _exited = true;
            _finished = true;
            _deadline?.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _abandonPipes.Dispose();
}
