namespace ProcessKit;

/// <summary>How a supervision ended: why, after how many restarts, and the last child's result.</summary>
public sealed class SupervisorOutcome
{
    /// <summary>Why the supervisor stopped.</summary>
    public required SupervisorStopReason Reason { get; init; }

    /// <summary>How many times the command was started again after its first start.</summary>
    public required int Restarts { get; init; }

    /// <summary>
    /// The result of the last child. Every supervision ends after a child has exited (a stop
    /// request terminates the running child first), so there always is one.
    /// </summary>
    public required ProcessResult LastResult { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason} after {Restarts} restart(s); last: {LastResult}";
}
