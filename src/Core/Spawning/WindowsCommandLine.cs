using System.Text;

namespace ProcessKit;

/// <summary>
/// Builds a Windows command line from an argument array so that the child's C runtime (and
/// <c>CommandLineToArgvW</c>) splits it back into exactly those arguments: Windows hands a child
/// one string, not an array. An argument is quoted when it is empty or holds a space, tab,
/// newline, vertical tab or quote; inside quotes, a quote is escaped with a backslash, and
/// backslashes are doubled only where they precede a quote (an embedded one or the closing one).
/// </summary>
internal static class WindowsCommandLine
{
    /// <summary>The command line for <paramref name="program"/> (argv[0]) followed by <paramref name="arguments"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="program"/> holds a quote, or an argument holds a NUL character.</exception>
    internal static string Build(string program, IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder(program.Length + 2 + (arguments.Count * 8));
        AppendProgram(line, program);
        foreach (var argument in arguments)
        {
            line.Append(' ');
            AppendArgument(line, argument);
        }

        return line.ToString();
    }

    /// <summary>
    /// argv[0] is parsed by other rules: it ends at the next quote when it starts with one,
    /// else at the first space or tab, and backslashes are never escapes. A path cannot hold a
    /// quote, so quoting it whole always round-trips.
    /// </summary>
    private static void AppendProgram(StringBuilder line, string program)
    {
        if (program.Contains('"', StringComparison.Ordinal) || program.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A Windows program path cannot contain a quote or a NUL character: {program}", nameof(program));
        }

        line.Append('"').Append(program).Append('"');
    }

    /// <summary>Appends one argument, quoted and escaped only where the parsing rules need it.</summary>
    internal static void AppendArgument(StringBuilder line, string argument)
    {
        if (argument.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Windows command-line argument cannot contain a NUL character.", nameof(argument));
        }

        if (argument.Length > 0 && argument.AsSpan().IndexOfAny(" \t\n\v\"") < 0)
        {
            line.Append(argument);
            return;
        }

        line.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            // Backslashes before a quote are escapes (2n+1: n backslashes and a literal quote);
            // anywhere else they are literal.
            line.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            line.Append(c);
            backslashes = 0;
        }

        // The closing quote follows: trailing backslashes must be doubled so they stay literal.
        line.Append('\\', backslashes * 2);
        line.Append('"');
    }
}
