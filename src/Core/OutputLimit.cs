namespace ProcessKit;

/// <summary>
/// A bound on the output captured from each of standard output and standard error. The child's
/// pipe is always read to the end, so a limit never blocks the child; the result reports what was cut
/// (<see cref="ProcessOutcome.Truncated"/>).
/// </summary>
public sealed record OutputLimit
{
    /// <summary>Creates a limit.</summary>
    /// <param name="maxBytes">The most bytes kept per stream, or null for no byte bound.</param>
    /// <param name="maxLines">The most lines kept per stream, or null for no line bound.</param>
    /// <param name="overflow">What to do with output beyond the limit.</param>
    /// <exception cref="ArgumentException">Neither bound is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is zero or negative, or <paramref name="overflow"/> is not a defined value.</exception>
    public OutputLimit(long? maxBytes = null, int? maxLines = null, OverflowPolicy overflow = OverflowPolicy.DropNewest)
    {
        if (maxBytes is null && maxLines is null)
        {
            throw new ArgumentException("An output limit needs maxBytes, maxLines or both.", nameof(maxBytes));
        }

        if (maxBytes is { } bytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes, nameof(maxBytes));
        }

        if (maxLines is { } lines)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines, nameof(maxLines));
        }

        if (!Enum.IsDefined(overflow))
        {
            throw new ArgumentOutOfRangeException(nameof(overflow), overflow, "Not a defined OverflowPolicy.");
        }

        MaxBytes = maxBytes;
        MaxLines = maxLines;
        Overflow = overflow;
    }

    /// <summary>The most bytes kept per stream, or null for no byte bound.</summary>
    public long? MaxBytes { get; }

    /// <summary>The most lines kept per stream, or null for no line bound.</summary>
    public int? MaxLines { get; }

    /// <summary>What happens to output beyond the limit.</summary>
    public OverflowPolicy Overflow { get; }
}
