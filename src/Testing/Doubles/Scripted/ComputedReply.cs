namespace ProcessKit.Testing;

/// <summary>A reply computed from the command at each call.</summary>
internal sealed class ComputedReply(Func<Command, ScriptedReply> compute) : ScriptedReply
{
    public override string ToString() => "computed from the command";

    internal override Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken) =>
        Resolve(command).OutputAsync(command, cancellationToken);

    internal override Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken) =>
        Resolve(command).OutputBytesAsync(command, cancellationToken);

    internal override Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken) =>
        Resolve(command).StartAsync(command, cancellationToken);

    /// <summary>The reply for this command; the callback's exception propagates to the caller, which delivers it through the task.</summary>
    private ScriptedReply Resolve(Command command) =>
        compute(command) ?? throw new InvalidOperationException($"The scripted reply callback returned null for {command}.");
}
