using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Re-applies secret redaction to a whole cassette (<c>processkit cassette redact</c>), and says
/// where one still holds a secret (<c>processkit cassette check</c>), by the rules a recording
/// applies (<see cref="SecretRedactor"/>): the values of this environment's secret-looking
/// variables and the secrets shaped inside its other values, values the user names, the user's
/// secret patterns, and in each interaction the secrets of its command (options, known tools'
/// password flags, shaped arguments and input lines), hidden wherever they appear, and every
/// shaped secret of its texts. Every text is covered: program, arguments, working directory,
/// output (text and base64), events, recorded values and error details.
/// </summary>
internal sealed class CassetteRedactor
{
    private const string UnknownShape = "a secret";

    private readonly List<(string Value, string Placeholder)> _secrets;
    private readonly HashSet<string> _userValues;
    private readonly SecretRedactor _redactor;

    /// <param name="environment">The environment whose secrets are looked for.</param>
    /// <param name="values">Values the user names as secret.</param>
    /// <param name="patterns">The user's secret patterns.</param>
    internal CassetteRedactor(IEnumerable<KeyValuePair<string, string>> environment, IReadOnlyCollection<string> values, IReadOnlyList<Regex> patterns)
    {
        _redactor = new SecretRedactor(Placeholders.Secret, patterns);
        _userValues = new HashSet<string>(values, StringComparer.Ordinal);
        _secrets = Normalisation.CollectSecrets(environment, new HashSet<string>(StringComparer.Ordinal), values, [], _redactor);
    }

    /// <summary>Returns the cassette with every secret replaced, and how many texts changed.</summary>
    internal (CassetteDocument Document, int ChangedTexts) Redact(CassetteDocument document)
    {
        var (redacted, findings) = Walk(document);
        return (redacted, findings.Count);
    }

    /// <summary>Where the cassette holds a secret (JSON path and what kind), never the secret itself.</summary>
    internal List<string> Find(CassetteDocument document) => Walk(document).Findings;

    private (CassetteDocument Document, List<string> Findings) Walk(CassetteDocument document)
    {
        var findings = new List<string>();
        var interactions = new List<CassetteInteraction>(document.Interactions.Count);
        for (var i = 0; i < document.Interactions.Count; i++)
        {
            var interaction = document.Interactions[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"$.interactions[{i}]");
            var found = new List<string>();
            var arguments = _redactor.RedactArguments(interaction.Program, interaction.Arguments, found, out var inputIsSecret);
            var known = _secrets
                .Concat(SecretRedactor.KnownSecrets(found).Select(f => (Value: f, Placeholder: Placeholders.Secret)))
                .DistinctBy(s => s.Value, StringComparer.Ordinal)
                .OrderByDescending(s => s.Value.Length)
                .ToList();
            var normaliser = new InteractionNormaliser(known, _redactor, new PathSet("", "", ""), []);
            if (interaction.Events is { } recordedEvents)
            {
                normaliser.LearnInputSecrets(recordedEvents, inputIsSecret);
            }

            string Text(string path, string text)
            {
                var result = normaliser.Normalise(text);
                if (!string.Equals(result, text, StringComparison.Ordinal))
                {
                    findings.Add($"{path} holds {Describe(text, known, latin1: false)}");
                }

                return result;
            }

            string? Optional(string path, string? text) => text is null ? null : Text(path, text);

            string Output(string path, string text, bool? isBase64)
            {
                if (isBase64 != true)
                {
                    return Text(path, text);
                }

                var bytes = Convert.FromBase64String(text);
                var (result, _) = normaliser.NormaliseBytes(bytes);
                if (!string.Equals(result, text, StringComparison.Ordinal))
                {
                    findings.Add($"{path} holds {Describe(Encoding.Latin1.GetString(bytes), known, latin1: true)}");
                }

                return result;
            }

            var redactedArguments = new List<string>(arguments.Count);
            for (var a = 0; a < arguments.Count; a++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{at}.arguments[{a}]");
                var result = normaliser.Normalise(arguments[a]);
                if (!string.Equals(result, interaction.Arguments[a], StringComparison.Ordinal))
                {
                    var described = Describe(interaction.Arguments[a], known, latin1: false);
                    findings.Add($"{path} holds {(described == UnknownShape ? "the value of a secret-looking option or of a tool's password flag" : described)}");
                }

                redactedArguments.Add(result);
            }

            interactions.Add(interaction with
            {
                Program = Text(at + ".program", interaction.Program),
                Arguments = redactedArguments,
                WorkingDirectory = Optional(at + ".workingDirectory", interaction.WorkingDirectory),
                StandardOutput = Output(at + ".stdout", interaction.StandardOutput, interaction.StandardOutputBase64),
                StandardError = Output(at + ".stderr", interaction.StandardError, interaction.StandardErrorBase64),
                Events = interaction.Events is { } events
                    ? [.. events.Select((e, n) => e with { Text = Optional(string.Create(CultureInfo.InvariantCulture, $"{at}.events[{n}].text"), e.Text) })]
                    : null,
                Values = interaction.Values?.ToDictionary(v => v.Key, v => Text($"{at}.values.{v.Key}", v.Value), StringComparer.Ordinal),
                Error = interaction.Error is { } error ? error with
                {
                    Message = Text(at + ".error.message", error.Message),
                    Path = Optional(at + ".error.path", error.Path),
                    SearchedPaths = error.SearchedPaths is { } searched ? [.. searched.Select(p => Text(at + ".error.searchedPaths", p))] : null,
                    Reason = Optional(at + ".error.reason", error.Reason),
                    Feature = Optional(at + ".error.feature", error.Feature),
                }
                : null,
            });
        }

        return (document with { Interactions = interactions }, findings);
    }

    /// <summary>What kind of secret <paramref name="text"/> holds, in words; never the secret.</summary>
    private string Describe(string text, List<(string Value, string Placeholder)> known, bool latin1)
    {
        foreach (var (value, placeholder) in known)
        {
            if (text.Contains(latin1 ? PathSet.AsLatin1(value) : value, StringComparison.Ordinal))
            {
                return placeholder != Placeholders.Secret ? $"the value of {placeholder[(placeholder.IndexOf(':', StringComparison.Ordinal) + 1)..^2]}"
                    : _userValues.Contains(value) ? "a value given with --secret"
                    : _secrets.Exists(s => s.Value == value) ? "a secret found in an environment value"
                    : "a secret its command carries (an option's value, a password flag or a secret in its input)";
            }
        }

        return _redactor.ShapesIn(text).Select(s => (SecretShape?)s).FirstOrDefault() switch
        {
            SecretShape.UserPattern => "a match of a --secret-pattern",
            SecretShape.Header => "a credential header (Authorization, Proxy-Authorization, X-Api-Key, Cookie)",
            SecretShape.JsonPair => "a JSON value whose key looks secret",
            SecretShape.UrlPassword => "the password of a URL",
            SecretShape.Pair => "the value of a secret-looking key (key=value or key: value)",
            _ => UnknownShape,
        };
    }
}
