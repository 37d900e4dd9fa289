using System.Buffers;
using System.Text;

namespace ProcessKit;

/// <summary>
/// Formats a command line for people (messages, <c>ToString</c>), quoting where needed and
/// redacting what looks secret by the one rule set (<see cref="SecretRedactor"/>): secret-looking
/// options (<c>--token=x</c>, <c>--password x</c>, <c>PASSWORD=x</c>), known tools' password flags
/// (<c>mysql -px</c>, <c>curl -u user:x</c>), credential headers, secret-named pairs and URL
/// passwords; a value found so is also hidden wherever else the command line repeats it.
/// </summary>
internal static class CommandLineFormatter
{
    internal const string Redacted = SecretRedactor.Redacted;

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(" \t\n\"'\\$`;&|<>(){}*?[]#~");

    internal static string Format(string program, IReadOnlyList<string> arguments)
    {
        var found = new List<string>();
        var redactor = SecretRedactor.ForMessages;
        var redacted = redactor.RedactArguments(program, arguments, found, out _);
        var known = SecretRedactor.KnownSecrets(found);
        var builder = new StringBuilder(Quote(program));
        for (var i = 0; i < arguments.Count; i++)
        {
            var shown = redactor.ReplaceKnown(redacted[i], known);

            // Quoting follows the argument as given, so "--password=x" reads "--password=***", unquoted.
            builder.Append(' ').Append(shown == Redacted || !NeedsQuotes(arguments[i]) ? shown : Quote(shown));
        }

        return builder.ToString();
    }

    private static bool NeedsQuotes(string value) => value.Length == 0 || value.AsSpan().ContainsAny(NeedsQuoting);

    private static string Quote(string value) =>
        NeedsQuotes(value) ? "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : value;
}
