using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit;

/// <summary>
/// Formats a command line for people (messages, <c>ToString</c>), quoting where needed and
/// redacting values that look secret: the value of an option whose name says token, secret,
/// password, key or credential (<c>--token=x</c>, <c>--password x</c>) and the password in a URL
/// (<c>https://user:pass@host</c>).
/// </summary>
internal static partial class CommandLineFormatter
{
    internal const string Redacted = "***";

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(" \t\n\"'\\$`;&|<>(){}*?[]#~");

    internal static string Format(string program, IReadOnlyList<string> arguments)
    {
        var builder = new StringBuilder(Quote(program));
        var redactNext = false;
        foreach (var argument in arguments)
        {
            builder.Append(' ');
            if (redactNext)
            {
                builder.Append(Redacted);
                redactNext = false;
                continue;
            }

            // Quoting follows the argument as given, so "--password=x" reads "--password=***", unquoted.
            var redacted = RedactArgument(argument, out redactNext);
            builder.Append(NeedsQuotes(argument) ? Quote(redacted) : redacted);
        }

        return builder.ToString();
    }

    /// <summary>Redacts a secret inside one argument; says whether the next argument is the value of a secret option.</summary>
    private static string RedactArgument(string argument, out bool nextIsSecret)
    {
        nextIsSecret = false;
        var option = SecretOption().Match(argument);
        if (option.Success)
        {
            if (option.Groups["value"].Success)
            {
                return option.Groups["name"].Value + "=" + Redacted;
            }

            nextIsSecret = true;
            return argument;
        }

        return UrlPassword().Replace(argument, "${prefix}" + Redacted + "@");
    }

    private static bool NeedsQuotes(string value) => value.Length == 0 || value.AsSpan().ContainsAny(NeedsQuoting);

    private static string Quote(string value) =>
        NeedsQuotes(value) ? "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : value;

    [GeneratedRegex(@"^(?<name>-{1,2}[A-Za-z0-9_.-]*(token|secret|passw(or)?d|passphrase|pwd|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|auth|authorization)(?![a-z])[A-Za-z0-9_.-]*)(=(?<value>.*))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretOption();

    [GeneratedRegex(@"(?<prefix>[A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:)[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
