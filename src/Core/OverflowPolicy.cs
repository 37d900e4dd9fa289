namespace ProcessKit;

/// <summary>What happens to output beyond an <see cref="OutputLimit"/>. The pipe is drained to the end whichever is chosen.</summary>
public enum OverflowPolicy
{
    /// <summary>Keep the first output up to the limit and discard the rest.</summary>
    DropNewest,

    /// <summary>Keep the last output that fits the limit (a tail) and discard what came before.</summary>
    DropOldest,

    /// <summary>Keep the first output up to the limit, and make the verb throw <see cref="OutputTooLargeException"/> once the process has ended.</summary>
    Error,
}
