using System.Text;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// An isolated child ended other than it was expected to: a crash test's child returned, or ended
/// another way than its <see cref="ExpectedOutcome"/>; or a child with no expectation exited,
/// crashed or was killed before returning. The message says what was expected, what happened,
/// and the child's last lines of output.
/// </summary>
public sealed class UnexpectedOutcomeException : Exception
{
    /// <summary>How many of the child's last lines the message quotes.</summary>
    internal const int QuotedLines = 20;

    /// <summary>Creates the exception.</summary>
    /// <param name="expected">What was expected; null when the code was expected to return.</param>
    /// <param name="result">How the child really ended.</param>
    /// <param name="innerException">What the child threw, when it threw instead of crashing as expected.</param>
    public UnexpectedOutcomeException(ExpectedOutcome? expected, IsolatedResult result, Exception? innerException = null)
        : base(Describe(expected, result, innerException), innerException)
    {
        ArgumentNullException.ThrowIfNull(result);
        Expected = expected;
        Result = result;
    }

    /// <summary>What was expected; null when the code was expected to return.</summary>
    public ExpectedOutcome? Expected { get; }

    /// <summary>How the child really ended, with its output.</summary>
    public IsolatedResult Result { get; }

    private static string Describe(ExpectedOutcome? expected, IsolatedResult result, Exception? thrown)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder()
            .Append("The isolated child of ").Append(result.Name)
            .Append(" was expected to ").Append(expected?.ToString() ?? "return")
            .Append(", but ").Append(thrown is null ? result.Describe() : $"the code threw {thrown.Message}").Append('.');
        var lines = result.Output.TakeLast(QuotedLines).ToList();
        if (lines.Count > 0)
        {
            text.AppendLine().Append("Its last lines of output:");
            foreach (var line in lines)
            {
                text.AppendLine().Append("  ").Append(line);
            }
        }

        return text.ToString();
    }
}
