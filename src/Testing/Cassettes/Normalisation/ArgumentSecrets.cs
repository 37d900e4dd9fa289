using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Finds secrets in a command's arguments by their shape: the value of an option whose name looks
/// secret (<c>--token=X</c>, <c>--password X</c>, <c>--api-key X</c>) and the password of a URL
/// (<c>https://user:X@host</c>). An option that names where a secret is rather than the secret
/// itself (<c>--token-file</c>, <c>--password-stdin</c>, <c>--auth-url</c>) is left alone.
/// </summary>
internal static partial class ArgumentSecrets
{
    /// <summary>The last words of an option that points at a secret instead of holding one.</summary>
    private static readonly HashSet<string> PointerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "file", "path", "dir", "directory", "id", "name", "type", "length", "size", "stdin", "env", "var", "variable",
        "command", "cmd", "helper", "prompt", "program", "store", "source", "url", "uri", "endpoint", "method", "mode", "scheme",
    };

    /// <summary>
    /// Returns the arguments with each secret replaced by <c>{{secret}}</c>, and adds each secret
    /// found to <paramref name="found"/>.
    /// </summary>
    internal static List<string> Redact(IReadOnlyList<string> arguments, List<string> found)
    {
        var result = new List<string>(arguments.Count);
        var nextIsSecret = false;
        foreach (var argument in arguments)
        {
            if (nextIsSecret && !argument.StartsWith("--", StringComparison.Ordinal))
            {
                nextIsSecret = false;
                Found(found, argument);
                result.Add(Placeholders.Secret);
                continue;
            }

            nextIsSecret = false;
            var option = Option().Match(argument);
            if (option.Success && HoldsSecret(option.Groups["name"].Value))
            {
                if (option.Groups["value"].Success)
                {
                    Found(found, option.Groups["value"].Value);
                    result.Add(option.Groups["option"].Value + "=" + Placeholders.Secret);
                }
                else
                {
                    nextIsSecret = true;
                    result.Add(argument);
                }

                continue;
            }

            result.Add(UrlPassword().Replace(argument, match =>
            {
                Found(found, match.Groups["password"].Value);
                return match.Groups["prefix"].Value + Placeholders.Secret + "@";
            }));
        }

        return result;
    }

    /// <summary>Keeps a secret, unless it is already a placeholder (an argument redacted before).</summary>
    private static void Found(List<string> found, string value)
    {
        if (Placeholders.Any().Match(value) is not { Success: true } placeholder || placeholder.Length != value.Length)
        {
            found.Add(value);
        }
    }

    private static bool HoldsSecret(string optionName)
    {
        if (!SecretNames.LooksSecret(optionName))
        {
            return false;
        }

        var lastWord = optionName[(optionName.LastIndexOfAny(['-', '_', '.']) + 1)..];
        return !PointerWords.Contains(lastWord);
    }

    [GeneratedRegex(@"^(?<option>-{1,2}(?<name>[A-Za-z0-9][A-Za-z0-9_.-]*))(?:=(?<value>.+))?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Option();

    [GeneratedRegex(@"(?<prefix>[A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:)(?<password>[^/@\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
