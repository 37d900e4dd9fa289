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
    /// Answers each line the process reads on standard input with lines on standard output; null
    /// when the process ignores its input. The lines come from a started process's kept-open input
    /// (<see cref="Command.KeepStandardInputOpen"/>) or from the command's text or bytes input.
    /// </summary>
    public Func<string, IEnumerable<string>>? Dialog { get; init; }

    /// <summary>
    /// A script that writes <paramref name="standardOutput"/> and then <paramref name="standardError"/>
    /// line by line, at once, and ends with <paramref name="exit"/>: a finished run told as a
    /// started process. A final line without a terminator is still a line; the order between the
    /// two streams is not known, so standard output comes first.
    /// </summary>
    /// <param name="standardOutput">The text of standard output.</param>
    /// <param name="standardError">The text of standard error.</param>
    /// <param name="exit">How it ends; exit code 0 when null.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    public static ProcessScript FromOutput(string standardOutput, string standardError, ScriptedExit? exit = null)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);
        var lines = new List<ScriptedLine>();
        foreach (var line in SplitLines(standardOutput))
        {
            lines.Add(ScriptedLine.Out(line));
        }

        foreach (var line in SplitLines(standardError))
        {
            lines.Add(ScriptedLine.Err(line));
        }

        return new ProcessScript { Lines = lines, Exit = exit ?? ScriptedExit.WithCode(0) };
    }

    /// <summary>Cuts text into lines as a reader of the stream would: at <c>\n</c>, dropping a <c>\r</c> before it.</summary>
    internal static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var length = stop - start;
            if (end >= 0 && length > 0 && text[stop - 1] == '\r')
            {
                length--;
            }

            yield return text.Substring(start, length);
            start = stop + 1;
        }
    }
}
