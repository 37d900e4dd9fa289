namespace ProcessKit;

/// <summary>
/// A process ran past its command's timeout and its tree was stopped. Catch it as
/// <see cref="TimeoutException"/>. <see cref="Command.OutputAsync"/> reports a timeout as data
/// (<see cref="ProcessOutcome.TimedOut"/>) instead of throwing this.
/// </summary>
public sealed class ProcessTimeoutException : TimeoutException, IProcessError
{
    /// <summary>Creates the exception for <paramref name="result"/>, whose <see cref="ProcessOutcome.TimedOut"/> is true.</summary>
    public ProcessTimeoutException(ProcessOutcome result)
        : base(BuildMessage(result))
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        StandardErrorTail = ProcessErrorText.Tail(result.StandardErrorText);
    }

    /// <summary>The result, with the output captured before the process was stopped.</summary>
    public ProcessOutcome Result { get; }

    /// <inheritdoc />
    public string Program => Result.Program;

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments => Result.Arguments;

    /// <summary>Always null: a process stopped at its timeout has no exit code of its own.</summary>
    public int? ExitCode => null;

    /// <inheritdoc />
    public string? StandardErrorTail { get; }

    private static string BuildMessage(ProcessOutcome result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{result.CommandLine} timed out after {result.Duration.TotalMilliseconds:0} ms and its process tree was stopped. ") +
                      "Raise the timeout with WithTimeout(...) if it needs longer.";
        return ProcessErrorText.ForOutcome(result, message);
    }
}
