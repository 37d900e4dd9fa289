using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit;

/// <summary>
/// The one set of secret rules, used wherever a command line, a cassette or a message is written:
/// shaped secrets in any text (<see cref="SecretTextScanner"/>), secret-looking options
/// (<c>--token=X</c>, <c>--password X</c>, <c>PASSWORD=X</c>), known tools' password flags
/// (<see cref="KnownToolFlags"/>) and the user's patterns. Each secret is replaced by
/// <see cref="Placeholder"/>; the values found are handed back, so that a caller can hide them
/// wherever else they appear.
/// </summary>
/// <remarks>
/// A value that is already a placeholder (<c>***</c>, <c>{{secret}}</c>, <c>{{secret:NAME}}</c>,
/// any <c>{{name}}</c>) is left as it is and not handed back: redacting twice changes nothing.
/// </remarks>
internal sealed partial class SecretRedactor
{
    /// <summary>What messages show instead of a secret.</summary>
    internal const string Redacted = "***";

    /// <summary>
    /// A secret found by its shape (not by the user) shorter than this is hidden only where it was
    /// found, not in every other text: a <c>--password x</c> must not erase every "x" of the output.
    /// </summary>
    internal const int MinimumKnownLength = 4;

    private readonly IReadOnlyList<Regex> _userPatterns;

    /// <param name="placeholder">What replaces a secret.</param>
    /// <param name="userPatterns">Patterns the user added: a match, or its group named <c>secret</c> when it has one, is a secret.</param>
    internal SecretRedactor(string placeholder, IReadOnlyList<Regex> userPatterns)
    {
        Placeholder = placeholder;
        _userPatterns = userPatterns;
    }

    /// <summary>The rules alone, writing <c>***</c>: what command lines in messages use.</summary>
    internal static SecretRedactor ForMessages { get; } = new(Redacted, []);

    /// <summary>What replaces a secret.</summary>
    internal string Placeholder { get; }

    /// <summary>Returns <paramref name="text"/> with each shaped secret replaced; adds each secret to <paramref name="found"/> when given.</summary>
    internal string RedactText(string text, List<string>? found = null)
    {
        var matches = SecretTextScanner.Scan(text, _userPatterns);
        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in matches)
        {
            var value = text[match.ValueStart..match.ValueEnd];
            if (IsRedacted(value))
            {
                continue;
            }

            found?.Add(value);
            builder.Append(text, position, match.ValueStart - position).Append(Placeholder);
            position = match.ValueEnd;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The shapes of the secrets <paramref name="text"/> holds (none already redacted), to say what a check found.</summary>
    internal IEnumerable<SecretShape> ShapesIn(string text) =>
        SecretTextScanner.Scan(text, _userPatterns).Where(m => !IsRedacted(text[m.ValueStart..m.ValueEnd])).Select(m => m.Shape);

    /// <summary>
    /// Returns <paramref name="arguments"/> (of <paramref name="program"/>) with each secret
    /// replaced, and adds each secret to <paramref name="found"/>. Says whether an option declares
    /// the standard input secret (<c>--password-stdin</c>).
    /// </summary>
    internal List<string> RedactArguments(string program, IReadOnlyList<string> arguments, List<string> found, out bool standardInputIsSecret)
    {
        standardInputIsSecret = false;
        var result = new List<string>(arguments.Count);
        var tool = new KnownToolFlags.Reader(program);
        var nextIsSecret = false;
        foreach (var argument in arguments)
        {
            var toolSecret = tool.Read(argument);
            if (nextIsSecret && !argument.StartsWith("--", StringComparison.Ordinal))
            {
                nextIsSecret = false;
                result.Add(Replace(argument, 0, argument.Length, found));
                continue;
            }

            nextIsSecret = false;
            string redacted;
            if (toolSecret is var (start, length))
            {
                redacted = Replace(argument, start, length, found);
            }
            else if (Option().Match(argument) is { Success: true } option && SecretNameRule.LooksSecret(option.Groups["name"].Value))
            {
                var name = option.Groups["name"].Value;
                var value = option.Groups["value"];
                var hasDashes = option.Groups["dashes"].Length > 0;
                if (!SecretNameRule.HoldsSecret(name))
                {
                    standardInputIsSecret |= hasDashes && !value.Success && SecretNameRule.EndsWithWord(name, "stdin");
                    redacted = argument;
                }
                else if (value.Success)
                {
                    redacted = Replace(argument, value.Index, value.Length, found);
                }
                else
                {
                    nextIsSecret = hasDashes;
                    redacted = argument;
                }
            }
            else
            {
                redacted = argument;
            }

            result.Add(RedactText(redacted, found));
        }

        return result;
    }

    /// <summary>True when <paramref name="value"/> is already a placeholder.</summary>
    internal static bool IsRedacted(string value) => value == Redacted || PlaceholderValue().IsMatch(value);

    /// <summary>The secrets of <paramref name="found"/> to hide wherever they appear: at least <see cref="MinimumKnownLength"/> characters, each once, longest first.</summary>
    internal static List<string> KnownSecrets(IEnumerable<string> found) =>
        [.. found.Where(v => v.Length >= MinimumKnownLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    /// <summary>Replaces every value of <paramref name="known"/> (as <see cref="KnownSecrets"/> gives them) in <paramref name="text"/> by <see cref="Placeholder"/>.</summary>
    internal string ReplaceKnown(string text, IReadOnlyList<string> known)
    {
        foreach (var value in known)
        {
            text = text.Replace(value, Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    private string Replace(string argument, int start, int length, List<string> found)
    {
        var value = argument.Substring(start, length);
        if (IsRedacted(value))
        {
            return argument;
        }

        if (length > 0)
        {
            found.Add(value);
        }

        return string.Concat(argument.AsSpan(0, start), Placeholder, argument.AsSpan(start + length));
    }

    // --name, -name, --name=X, -name=X, and NAME=X without dashes.
    [GeneratedRegex(@"^(?:(?<dashes>-{1,2})(?<name>[A-Za-z0-9][A-Za-z0-9_.-]*)(?:=(?<value>.*))?|(?<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?<value>.*))$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Option();

    [GeneratedRegex(@"^\{\{[a-z][a-zA-Z0-9_-]*(?::[A-Za-z0-9_.-]+)?\}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderValue();
}
