namespace ProcessKit;

/// <summary>Why a <see cref="Supervisor"/> stopped restarting its command (<see cref="SupervisorOutcome.Reason"/>).</summary>
public enum SupervisorStopReason
{
    /// <summary>
    /// The child exited and the <see cref="RestartPolicy"/> does not restart after such an exit
    /// (<see cref="RestartPolicy.Never"/>, or a success under <see cref="RestartPolicy.OnFailure"/>).
    /// </summary>
    NotRestartedByPolicy,

    /// <summary>The <see cref="SupervisorOptions.StopWhen"/> predicate returned true for the last result.</summary>
    StopConditionMet,

    /// <summary>The child exited again after <see cref="SupervisorOptions.MaxRestarts"/> restarts.</summary>
    MaxRestartsReached,

    /// <summary><see cref="SupervisorSession.StopAsync"/> was called (or the session was disposed).</summary>
    StopRequested,
}
