namespace ProcessKit.Testing;

/// <summary>One line a <see cref="ScriptedProcess"/> writes, after a delay.</summary>
/// <param name="Delay">How long after the previous line (or the start) it comes, on the script's clock.</param>
/// <param name="Source">The stream it comes on.</param>
/// <param name="Text">The line, without a terminator.</param>
public sealed record ScriptedLine(TimeSpan Delay, OutputSource Source, string Text)
{
    /// <summary>A line on standard output, at once.</summary>
    /// <param name="text">The line.</param>
    public static ScriptedLine Out(string text) => new(TimeSpan.Zero, OutputSource.StandardOutput, text);

    /// <summary>A line on standard error, at once.</summary>
    /// <param name="text">The line.</param>
    public static ScriptedLine Err(string text) => new(TimeSpan.Zero, OutputSource.StandardError, text);
}
