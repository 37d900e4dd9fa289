using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// A command as a cassette sees it, normalised: paths, secrets, GUIDs, dates and user patterns
/// replaced by placeholders (<c>{{cwd}}</c>, <c>{{secret}}</c>, <c>{{guid:1}}</c>, ...). What a
/// custom matcher (<see cref="CassetteOptions.Matcher"/>) compares and what a
/// <see cref="CassetteMissException"/> shows. It never holds an environment value.
/// </summary>
public sealed class CassetteRequest
{
    /// <summary>The program.</summary>
    public required string Program { get; init; }

    /// <summary>The arguments.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The working directory the command set, or null when it runs in the caller's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The names of the environment variables the command sets or removes, sorted.</summary>
    public required IReadOnlyList<string> EnvironmentNames { get; init; }

    /// <summary>The standard input: <c>none</c>, <c>inherit</c>, <c>open</c> (kept open for a conversation) or <c>sha256:HEX</c> (the digest of its normalised content).</summary>
    public required string StandardInput { get; init; }

    /// <summary>The command line, each argument quoted when it has to be.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Quote(Program));
        foreach (var argument in Arguments)
        {
            builder.Append(' ').Append(Quote(argument));
        }

        return builder.ToString();
    }

    /// <summary>Quotes <paramref name="value"/> for reading (single quotes) when it is empty or holds a space, a quote or a control character.</summary>
    internal static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' || char.IsControl(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
