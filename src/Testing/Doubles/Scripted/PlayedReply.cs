namespace ProcessKit.Testing;

/// <summary>A reply that plays a <see cref="ProcessScript"/>: streamed lines, a dialog, a pending run.</summary>
internal sealed class PlayedReply(ProcessScript script, string description) : ScriptedReply
{
    public override string ToString() => description;

    internal override Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken) =>
        ScriptedProcess.RunToEndAsync(command, script, cancellationToken);

    internal override async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken)
    {
        var result = await ScriptedProcess.RunToEndAsync(command, script, cancellationToken).ConfigureAwait(false);
        return new BytesResult(result, command.Encoding.GetBytes(result.StandardOutput), command.Encoding.GetBytes(result.StandardError), command.Encoding);
    }

    internal override Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken) =>
        Task.FromResult<RunningProcess>(ScriptedProcess.Start(command, script));
}
