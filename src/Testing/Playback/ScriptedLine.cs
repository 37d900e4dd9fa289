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

    /// <summary>Returns this line coming <paramref name="delay"/> after the previous one (or the start).</summary>
    /// <param name="delay">The delay, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative, or longer than about 49.7 days (the longest wait a timer takes).</exception>
    public ScriptedLine After(TimeSpan delay)
    {
        TimerLimit.ThrowIfInvalid(delay, nameof(delay), "The delay", allowZero: true, allowInfinite: false);
        return this with { Delay = delay };
    }
}
