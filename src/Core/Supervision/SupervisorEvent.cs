namespace ProcessKit;

/// <summary>
/// One step of a supervision, given to <see cref="SupervisorOptions.OnEvent"/> as it happens: for
/// logs, metrics, and tests that check the backoff sequence without waiting for it.
/// </summary>
public sealed class SupervisorEvent
{
    /// <summary>What happened.</summary>
    public required SupervisorEventKind Kind { get; init; }

    /// <summary>When it happened, on the supervisor's <see cref="SupervisorOptions.TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How many restarts there had been when it happened.</summary>
    public required int Restarts { get; init; }

    /// <summary>The child's process id (every kind but <see cref="SupervisorEventKind.RestartScheduled"/>).</summary>
    public int? ProcessId { get; init; }

    /// <summary>The child's result (<see cref="SupervisorEventKind.Exited"/>).</summary>
    public ProcessResult? Result { get; init; }

    /// <summary>The backoff before the next start, jitter included (<see cref="SupervisorEventKind.RestartScheduled"/>).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>How many health checks in a row have failed (<see cref="SupervisorEventKind.HealthCheckFailed"/>, <see cref="SupervisorEventKind.Unhealthy"/>).</summary>
    public int? HealthCheckFailures { get; init; }

    /// <summary>
    /// What the health check threw, or a <see cref="TimeoutException"/> when it did not answer in
    /// time; null when it answered false (<see cref="SupervisorEventKind.HealthCheckFailed"/>).
    /// </summary>
    public Exception? Error { get; init; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SupervisorEventKind.Started => $"started pid {ProcessId} (restarts: {Restarts})",
        SupervisorEventKind.Exited => $"pid {ProcessId} {Result?.Status}",
        SupervisorEventKind.RestartScheduled => $"restart {Restarts + 1} in {Delay}",
        SupervisorEventKind.HealthCheckFailed => $"pid {ProcessId}: health check failed ({HealthCheckFailures} in a row){(Error is null ? "" : $": {Error.Message}")}",
        _ => $"pid {ProcessId}: unhealthy after {HealthCheckFailures} failed checks, stopping it",
    };
}
