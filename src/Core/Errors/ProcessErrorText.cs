namespace ProcessKit;

/// <summary>Builds the parts of exception messages that every ProcessKit error shares.</summary>
internal static class ProcessErrorText
{
    private const int TailLines = 20;
    private const int TailChars = 4096;

    /// <summary>The last <see cref="TailLines"/> lines of <paramref name="text"/>, at most <see cref="TailChars"/> characters, or null when it is blank.</summary>
    internal static string? Tail(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.TrimEnd();
        var start = trimmed.Length;
        for (var lines = 0; lines < TailLines && start > 0; lines++)
        {
            start = trimmed.LastIndexOf('\n', start - 1);
            if (start < 0)
            {
                start = 0;
                break;
            }
        }

        var tail = trimmed[start..].TrimStart('\n');
        return tail.Length <= TailChars ? tail : tail[^TailChars..];
    }

    /// <summary>Appends the output tail to a message, indented, when there is one.</summary>
    internal static string WithTail(string message, string? tail) =>
        tail is null ? message : message + Environment.NewLine + "Last output:" + Environment.NewLine + Indent(tail);

    /// <summary>
    /// The message of an exception about a finished run (<see cref="ProcessExitException"/>,
    /// <see cref="ProcessTimeoutException"/>): <paramref name="summary"/>, then the tail of the run's
    /// diagnostic output.
    /// </summary>
    internal static string ForOutcome(ProcessOutcome result, string summary) => WithTail(summary, Tail(result.Diagnostic));

    /// <summary>
    /// The message of an exception about a command's working directory
    /// (<see cref="WorkingDirectoryNotFoundException"/>, <see cref="WorkingDirectoryNotADirectoryException"/>):
    /// which directory, for which program, what is wrong with it, and what to pass instead.
    /// </summary>
    internal static string ForWorkingDirectory(string directory, string program, string problem, string remedy) =>
        $"The working directory '{directory}' for '{program}' {problem}. {remedy} to WithWorkingDirectory(...).";

    private static string Indent(string text) =>
        "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
