namespace ProcessKit;

/// <summary>
/// How a run ended, without its output: the status a result is built from
/// (<see cref="ProcessResult(ProcessOutcome, string, string)"/> and its twins) when no other
/// result holds it yet, so that both the text and the bytes result of one run copy one status.
/// </summary>
internal sealed class OutcomeStatus : ProcessOutcome
{
    /// <inheritdoc />
    public override string Diagnostic => "";

    internal override string? StandardErrorText => null;
}
