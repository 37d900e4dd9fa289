namespace ProcessKit;

/// <summary>
/// A process did not succeed: it exited with a code outside the command's success codes, was
/// killed by a signal, or its exit status was lost. Thrown by <see cref="Command.RunAsync"/>,
/// <c>EnsureSuccess()</c> and the verbs that need a clean exit.
/// </summary>
public sealed class ProcessExitException : Exception, IProcessError
{
    /// <summary>Creates the exception for <paramref name="result"/>.</summary>
    public ProcessExitException(ProcessOutcome result)
        : base(BuildMessage(result))
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        StandardErrorTail = ProcessErrorText.Tail(result.StandardErrorText);
    }

    /// <summary>The full result, with all captured output.</summary>
    public ProcessOutcome Result { get; }

    /// <inheritdoc />
    public string Program => Result.Program;

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments => Result.Arguments;

    /// <inheritdoc />
    public int? ExitCode => Result.ExitCode;

    /// <summary>The signal that killed the process, if one did.</summary>
    public int? Signal => Result.Signal;

    /// <inheritdoc />
    public string? StandardErrorTail { get; }

    private static string BuildMessage(ProcessOutcome result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = $"{result.CommandLine} {result.Status}";
        if (result.ExitCode is not null)
        {
            message += $" (success: {string.Join(", ", result.SuccessExitCodes)})";
        }

        return ProcessErrorText.ForOutcome(result, message + ".");
    }
}
