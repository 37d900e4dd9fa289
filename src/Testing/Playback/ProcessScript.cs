namespace ProcessKit.Testing;

/// <summary>
/// What a <see cref="ScriptedProcess"/> does: the lines it writes (each after its delay), how it
/// answers lines written to its standard input, and how it ends.
/// </summary>
public sealed record ProcessScript
{
    /// <summary>The lines, in order.</summary>
    public IReadOnlyList<ScriptedLine> Lines { get; init; } = [];

    /// <summary>How it ends after the last line; exit code 0 by default.</summary>
    public ScriptedExit Exit { get; init; } = ScriptedExit.WithCode(0);

    /// <summary>
    /// Answers each line written to standard input (the command must keep it open) with lines on
    /// standard output; null when the process ignores its input.
    /// </summary>
    public Func<string, IEnumerable<string>>? Dialog { get; init; }
}
