namespace ProcessKit;

/// <summary>What one run produced, before it is shaped into the result a verb returns.</summary>
internal sealed record ExecutionRecord(
    Command Command,
    ExitStatus Status,
    bool TimedOut,
    OutputSink? Output,
    OutputSink? Error,
    TimeSpan Duration,
    bool KilledByMemoryLimit = false)
{
    /// <summary>The longest text one string holds (.NET's limit on string length), in UTF-16 units.</summary>
    private const int MaxTextLength = 0x3FFFFFDF;

    /// <summary>
    /// The result with output decoded as text; throws what the run asked to be thrown (a line
    /// handler's failure, an overflow under <see cref="OverflowPolicy.Error"/>), and
    /// <see cref="OutputTooLargeException"/> (with the bytes attached) for more output than one
    /// string can hold.
    /// </summary>
    internal ProcessResult ToProcessResult()
    {
        ThrowIfTooLongForText(Output, "standard output");
        ThrowIfTooLongForText(Error, "standard error");
        return ToTextResult();
    }

    private ProcessResult ToTextResult() => ThrowIfRunFailed(new ProcessResult(Ending(), Decode(Output), Decode(Error)));

    /// <summary>The result with output as bytes; throws like <see cref="ToProcessResult"/>.</summary>
    internal BytesResult ToBytesResult() => ThrowIfRunFailed(new BytesResult(
        Ending(), Output?.Capture.Data ?? ReadOnlyMemory<byte>.Empty, Error?.Capture.Data ?? ReadOnlyMemory<byte>.Empty, Command.Encoding));

    /// <summary>How the run ended, for both of its results.</summary>
    private OutcomeStatus Ending() => new()
    {
        Program = Command.Program,
        Arguments = Command.Arguments,
        ExitCode = TimedOut ? null : Status.Code,
        Signal = Status.Signal,
        KilledByMemoryLimit = KilledByMemoryLimit,
        TimedOut = TimedOut,
        ExitStatusUnknown = Status.Unknown,
        StandardOutputTruncated = Output?.Capture.Truncated ?? false,
        StandardErrorTruncated = Error?.Capture.Truncated ?? false,
        Duration = Duration,
        SuccessExitCodes = Command.SuccessExitCodes,
    };

    /// <summary>Decoding never yields more characters than bytes, so a capture within the string limit always fits.</summary>
    private void ThrowIfTooLongForText(OutputSink? sink, string streamName)
    {
        if (sink is not null && sink.Capture.Length > MaxTextLength)
        {
            throw new OutputTooLargeException(ToBytesResult(), streamName, new OutputLimit(MaxTextLength, overflow: OverflowPolicy.Error));
        }
    }

    private T ThrowIfRunFailed<T>(T result)
        where T : ProcessOutcome
    {
        Output?.HandlerFailure?.Throw();
        Error?.HandlerFailure?.Throw();
        if (Output?.Capture is { Overflowed: true } stdout)
        {
            throw new OutputTooLargeException(result, "standard output", stdout.Limit!);
        }

        if (Error?.Capture is { Overflowed: true } stderr)
        {
            throw new OutputTooLargeException(result, "standard error", stderr.Limit!);
        }

        return result;
    }

    private string Decode(OutputSink? sink) =>
        sink is null ? "" : sink.Capture.Decode(Command.Encoding);
}
