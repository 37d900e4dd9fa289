namespace ProcessKit;

/// <summary>What a <see cref="SupervisorEvent"/> reports.</summary>
public enum SupervisorEventKind
{
    /// <summary>A child was started (<see cref="SupervisorEvent.ProcessId"/>).</summary>
    Started,

    /// <summary>
    /// A health check said unhealthy, threw, or did not answer in time
    /// (<see cref="SupervisorEvent.HealthCheckFailures"/> in a row, <see cref="SupervisorEvent.Error"/>).
    /// </summary>
    HealthCheckFailed,

    /// <summary>The health checks failed <see cref="SupervisorOptions.HealthCheckFailureThreshold"/> times in a row: the child is being stopped.</summary>
    Unhealthy,

    /// <summary>A child exited (<see cref="SupervisorEvent.Result"/>).</summary>
    Exited,

    /// <summary>The command will be started again after <see cref="SupervisorEvent.Delay"/>.</summary>
    RestartScheduled,
}
