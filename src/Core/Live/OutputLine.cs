namespace ProcessKit;

/// <summary>One of a child's two output streams.</summary>
public enum OutputSource
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}

/// <summary>One line a started process wrote, without its line terminator.</summary>
/// <param name="Source">The stream it came on.</param>
/// <param name="Text">The line, without <c>\n</c> or <c>\r\n</c>. The last line of a stream may have had no terminator.</param>
/// <param name="Timestamp">When it was read, on the command's <see cref="Command.TimeProvider"/>.</param>
public readonly record struct OutputLine(OutputSource Source, string Text, DateTimeOffset Timestamp)
{
    /// <inheritdoc />
    public override string ToString() => Source == OutputSource.StandardError ? "[stderr] " + Text : Text;
}
