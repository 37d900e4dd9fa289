namespace ProcessKit;

/// <summary>
/// How one stage of a pipeline ended, shaped on demand into a text or a bytes result exactly as
/// a one-shot run of its command would be (throwing what that run would throw).
/// </summary>
internal sealed record StageEnd(Func<ProcessResult> ToProcessResult, Func<BytesResult> ToBytesResult)
{
    /// <summary>A stage run by the engine.</summary>
    internal static StageEnd Of(ExecutionRecord record) => new(record.ToProcessResult, record.ToBytesResult);

    /// <summary>A stage run by another runner, which reports text only: its bytes are that text encoded again.</summary>
    internal static StageEnd Of(ProcessResult result, Command command) => new(
        () => result,
        () => new BytesResult(result, command.Encoding.GetBytes(result.StandardOutput), command.Encoding.GetBytes(result.StandardError), command.Encoding));
}
