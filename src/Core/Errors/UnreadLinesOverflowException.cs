namespace ProcessKit;

/// <summary>
/// A started process wrote more unread lines than its buffer holds under
/// <see cref="UnreadLinePolicy.Fail"/>; thrown to the reader after the lines that were kept.
/// </summary>
public sealed class UnreadLinesOverflowException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public UnreadLinesOverflowException()
        : this("More lines arrived than the unread-line buffer holds.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public UnreadLinesOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnreadLinesOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stream whose buffer overflowed.</summary>
    public OutputSource OutputSource { get; init; }

    /// <summary>The buffer's capacity.</summary>
    public int Capacity { get; init; }
}
