namespace ProcessKit;

/// <summary>When a <see cref="Supervisor"/> starts its command again after it has exited.</summary>
public enum RestartPolicy
{
    /// <summary>After every exit, success or not: for servers that should never stop.</summary>
    Always,

    /// <summary>
    /// After an exit that is not a success (<see cref="ProcessOutcome.IsSuccess"/> is false: a
    /// non-success exit code, a signal, a timeout) and after a stop for failing health checks;
    /// a success ends the supervision.
    /// </summary>
    OnFailure,

    /// <summary>Never: the first exit ends the supervision (health checks can still stop the child).</summary>
    Never,
}
