namespace ProcessKit;

/// <summary>
/// A stream's output passed the command's <see cref="OutputLimit"/> under
/// <see cref="OverflowPolicy.Error"/>. Thrown after the process ended and its pipes were drained;
/// <see cref="Result"/> holds the output kept up to the limit.
/// </summary>
public sealed class OutputTooLargeException : IOException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">The result, with output kept up to the limit.</param>
    /// <param name="streamName">"standard output" or "standard error".</param>
    /// <param name="limit">The limit that was passed.</param>
    public OutputTooLargeException(ProcessOutcome result, string streamName, OutputLimit limit)
        : base(BuildMessage(result, streamName, limit))
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        StreamName = streamName;
        Limit = limit;
        StandardErrorTail = ProcessErrorText.Tail(result.StandardErrorText);
    }

    /// <summary>The result, with output kept up to the limit.</summary>
    public ProcessOutcome Result { get; }

    /// <summary>Which stream overflowed: "standard output" or "standard error".</summary>
    public string StreamName { get; }

    /// <summary>The limit that was passed.</summary>
    public OutputLimit Limit { get; }

    /// <inheritdoc />
    public string Program => Result.Program;

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments => Result.Arguments;

    /// <inheritdoc />
    public int? ExitCode => Result.ExitCode;

    /// <inheritdoc />
    public string? StandardErrorTail { get; }

    private static string BuildMessage(ProcessOutcome result, string streamName, OutputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(limit);
        var bound = (limit.MaxBytes, limit.MaxLines) switch
        {
            ({ } b, { } l) => $"{b} bytes or {l} lines",
            ({ } b, null) => $"{b} bytes",
            (null, { } l) => $"{l} lines",
            _ => "its limit",
        };
        return $"The {streamName} of {result.CommandLine} passed its limit of {bound} ({result.Status}). " +
               "Raise the limit, or choose OverflowPolicy.DropNewest or DropOldest to keep part of it.";
    }
}
