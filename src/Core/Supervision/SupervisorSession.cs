namespace ProcessKit;

/// <summary>
/// A supervision running in the background (<see cref="Supervisor.Start"/>): the current child,
/// the restarts so far, a graceful stop, and the outcome. Disposing it stops it like
/// <see cref="StopAsync"/> and waits until the child's tree is gone.
/// </summary>
public sealed class SupervisorSession : IAsyncDisposable
{
    private static readonly Task<bool> NoHealthCheck = new TaskCompletionSource<bool>().Task;

    private readonly Command _command;
    private readonly SupervisorOptions _options;
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RunningProcess? _current;
    private int _restarts;

    internal SupervisorSession(Command command, SupervisorOptions options, CancellationToken cancellationToken)
    {
        _command = command;
        _options = options;
        Completion = SuperviseAsync(cancellationToken);
    }

    /// <summary>
    /// Completes with the outcome when the supervision ends; cancelled when the token given to
    /// <see cref="Supervisor.Start"/> is; faults as <see cref="Supervisor.RunAsync"/> throws.
    /// </summary>
    public Task<SupervisorOutcome> Completion { get; }

    /// <summary>
    /// The child running now, or null between children (during a backoff) and after the end. The
    /// supervisor owns it: read its output, probe it, but do not dispose or stop it; call
    /// <see cref="StopAsync"/> instead.
    /// </summary>
    public RunningProcess? Current => _current;

    /// <summary>How many times the command has been started again so far.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>
    /// Stops the supervision: no further restart; a running child gets SIGTERM and, after
    /// <see cref="SupervisorOptions.StopGrace"/>, SIGKILL; a backoff in progress ends at once. Then
    /// returns the outcome (<see cref="SupervisorStopReason.StopRequested"/>, unless the supervision
    /// had already ended for another reason). Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the stop goes on.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, or the session was.</exception>
    public Task<SupervisorOutcome> StopAsync(CancellationToken cancellationToken = default)
    {
        _stopRequested.TrySetResult();
        return Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the supervision as <see cref="StopAsync"/> does and waits for its end, whatever the outcome; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopRequested.TrySetResult();
        await TaskFaults.WhenEnded(Completion).ConfigureAwait(false);
    }

    private bool StopRequested => _stopRequested.Task.IsCompleted;

    private async Task<SupervisorOutcome> SuperviseAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (true)
        {
            var child = await _command.StartAsync(cancellationToken).ConfigureAwait(false);
            var startedAt = _options.TimeProvider.GetUtcNow();
            bool unhealthy;
            ProcessResult result;
            await using (child.ConfigureAwait(false))
            {
                _current = child;
                try
                {
                    Emit(SupervisorEventKind.Started, child.Id);
                    unhealthy = await WatchAsync(child, cancellationToken).ConfigureAwait(false);
                    result = await child.Exited.ConfigureAwait(false);
                }
                finally
                {
                    _current = null;
                }
            }

            Emit(SupervisorEventKind.Exited, child.Id, result);
            if (Decide(result, unhealthy) is { } reason)
            {
                return new SupervisorOutcome { Reason = reason, Restarts = Restarts, LastResult = result };
            }

            if (_options.ResetBackoffAfter is { } reset && _options.TimeProvider.GetUtcNow() - startedAt >= reset)
            {
                attempt = 0;
            }

            var delay = RestartBackoff.Delay(_options, attempt);
            attempt = attempt == int.MaxValue ? attempt : attempt + 1;
            Emit(SupervisorEventKind.RestartScheduled, delay: delay);
            if (!await PauseAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return new SupervisorOutcome { Reason = SupervisorStopReason.StopRequested, Restarts = Restarts, LastResult = result };
            }

            Interlocked.Increment(ref _restarts);
        }
    }

    /// <summary>Why to stop after this exit, or null to restart.</summary>
    private SupervisorStopReason? Decide(ProcessResult result, bool unhealthy)
    {
        if (StopRequested)
        {
            return SupervisorStopReason.StopRequested;
        }

        if (_options.StopWhen?.Invoke(result) == true)
        {
            return SupervisorStopReason.StopConditionMet;
        }

        var restart = _options.RestartPolicy switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnFailure => unhealthy || !result.IsSuccess,
            _ => false,
        };
        if (!restart)
        {
            return SupervisorStopReason.NotRestartedByPolicy;
        }

        return _options.MaxRestarts is { } max && Restarts >= max ? SupervisorStopReason.MaxRestartsReached : null;
    }

    /// <summary>
    /// Waits until the child exits, a stop is requested, or its health checks fail; in the last two
    /// cases stops it gracefully. True when it was stopped for being unhealthy.
    /// </summary>
    private async Task<bool> WatchAsync(RunningProcess child, CancellationToken cancellationToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exited = TaskFaults.WhenEnded(child.Exited);
        var health = _options.HealthCheck is { } check ? MonitorHealthAsync(child, check, watching.Token) : NoHealthCheck;
        try
        {
            var first = await Task.WhenAny(exited, _stopRequested.Task, health).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == exited)
            {
                return false;
            }

            var unhealthy = first == health && await health.ConfigureAwait(false);
            await child.TerminateAsync(_options.StopGrace, cancellationToken).ConfigureAwait(false);
            return unhealthy;
        }
        finally
        {
            if (health != NoHealthCheck)
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await TaskFaults.WhenEnded(health).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks the child every interval; returns true once the failures in a row reach the threshold.</summary>
    private async Task<bool> MonitorHealthAsync(RunningProcess child, Func<CancellationToken, Task<bool>> check, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            await Task.Delay(_options.HealthCheckInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            var (healthy, error) = await CheckOnceAsync(check, cancellationToken).ConfigureAwait(false);
            if (healthy)
            {
                failures = 0;
                continue;
            }

            failures++;
            Emit(SupervisorEventKind.HealthCheckFailed, child.Id, failures: failures, error: error);
            if (failures >= _options.HealthCheckFailureThreshold)
            {
                Emit(SupervisorEventKind.Unhealthy, child.Id, failures: failures);
                return true;
            }
        }
    }

    private async Task<(bool Healthy, Exception? Error)> CheckOnceAsync(Func<CancellationToken, Task<bool>> check, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool>? answer = null;
        try
        {
            answer = check(attempt.Token) ?? throw new InvalidOperationException("The health check returned null instead of a task.");
            var healthy = await answer.WaitAsync(_options.HealthCheckTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            return (healthy, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A health check that throws is an unhealthy child, not a broken supervisor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (answer is { IsCompleted: false })
            {
                // Out of time: tell the check to give up, and keep its late failure from going unobserved.
                await attempt.CancelAsync().ConfigureAwait(false);
                TaskFaults.Observe(answer);
                return (false, new TimeoutException($"The health check did not answer within {_options.HealthCheckTimeout}."));
            }

            return (false, e);
        }
    }

    /// <summary>Waits out the backoff; false when a stop was requested meanwhile.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay == TimeSpan.Zero)
        {
            // Even without a wait, never restart in a synchronous loop (a double may exit at once).
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return !StopRequested;
        }

        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = Task.Delay(delay, _options.TimeProvider, pause.Token);
        if (await Task.WhenAny(waited, _stopRequested.Task).ConfigureAwait(false) != waited)
        {
            await pause.CancelAsync().ConfigureAwait(false);
            return false;
        }

        await waited.ConfigureAwait(false);
        return !StopRequested;
    }

    private void Emit(
        SupervisorEventKind kind,
        int? processId = null,
        ProcessResult? result = null,
        TimeSpan? delay = null,
        int? failures = null,
        Exception? error = null) =>
        _options.OnEvent?.Invoke(new SupervisorEvent
        {
            Kind = kind,
            Timestamp = _options.TimeProvider.GetUtcNow(),
            Restarts = Restarts,
            ProcessId = processId,
            Result = result,
            Delay = delay,
            HealthCheckFailures = failures,
            Error = error,
        });
}
