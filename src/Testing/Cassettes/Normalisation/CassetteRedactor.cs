using System.Globalization;
using System.Text;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Re-applies secret redaction to a whole cassette (<c>processkit cassette redact</c>), and finds
/// the secrets one still holds (<c>processkit cassette check</c>): the values of this
/// environment's secret-looking variables, values the user names, and secret-shaped arguments
/// (<c>--token=X</c>, URL passwords). Every text is covered: program, arguments, working
/// directory, output (text and base64), events, recorded values and error details.
/// </summary>
internal static class CassetteRedactor
{
    /// <summary>The secrets of <paramref name="environment"/> and <paramref name="values"/>, longest first.</summary>
    internal static List<(string Value, string Placeholder)> Secrets(IEnumerable<KeyValuePair<string, string>> environment, IEnumerable<string> values) =>
        Normalisation.CollectSecrets(environment, new HashSet<string>(StringComparer.Ordinal), values, []);

    /// <summary>Returns the cassette with every secret replaced, and how many texts changed.</summary>
    internal static (CassetteDocument Document, int ChangedTexts) Redact(CassetteDocument document, IReadOnlyList<(string Value, string Placeholder)> secrets)
    {
        var changed = 0;
        var interactions = new List<CassetteInteraction>(document.Interactions.Count);
        foreach (var interaction in document.Interactions)
        {
            var found = new List<string>();
            var arguments = ArgumentSecrets.Redact(interaction.Arguments, found);
            var normaliser = new InteractionNormaliser(
                [.. secrets.Concat(found.Where(f => f.Length >= Normalisation.MinimumSecretLength).Select(f => (Value: f, Placeholder: Placeholders.Secret))).OrderByDescending(s => s.Value.Length)],
                new PathSet("", "", ""),
                []);

            string Text(string text)
            {
                var result = normaliser.Normalise(text);
                changed += string.Equals(result, text, StringComparison.Ordinal) ? 0 : 1;
                return result;
            }

            string Output(string text, bool? isBase64) =>
                isBase64 == true ? Bytes(text) : Text(text);

            string Bytes(string base64)
            {
                var (result, _) = normaliser.NormaliseBytes(Convert.FromBase64String(base64));
                changed += string.Equals(result, base64, StringComparison.Ordinal) ? 0 : 1;
                return result;
            }

            changed += arguments.SequenceEqual(interaction.Arguments, StringComparer.Ordinal) ? 0 : 1;
            interactions.Add(interaction with
            {
                Program = Text(interaction.Program),
                Arguments = [.. arguments.Select(Text)],
                WorkingDirectory = interaction.WorkingDirectory is { } directory ? Text(directory) : null,
                StandardOutput = Output(interaction.StandardOutput, interaction.StandardOutputBase64),
                StandardError = Output(interaction.StandardError, interaction.StandardErrorBase64),
                Events = interaction.Events is { } events ? [.. events.Select(e => e with { Text = e.Text is { } t ? Text(t) : null })] : null,
                Values = interaction.Values?.ToDictionary(v => v.Key, v => Text(v.Value), StringComparer.Ordinal),
                Error = interaction.Error is { } error ? error with
                {
                    Message = Text(error.Message),
                    Path = error.Path is { } p ? Text(p) : null,
                    SearchedPaths = error.SearchedPaths is { } searched ? [.. searched.Select(Text)] : null,
                    Reason = error.Reason is { } r ? Text(r) : null,
                    Feature = error.Feature is { } f ? Text(f) : null,
                }
                : null,
            });
        }

        return (document with { Interactions = interactions }, changed);
    }

    /// <summary>Where the cassette holds one of <paramref name="secrets"/> (JSON path and which secret), never the secret itself.</summary>
    internal static List<string> Find(CassetteDocument document, IReadOnlyList<(string Value, string Placeholder)> secrets)
    {
        var found = new List<string>();
        for (var i = 0; i < document.Interactions.Count; i++)
        {
            var interaction = document.Interactions[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"$.interactions[{i}]");
            Look(at + ".program", interaction.Program);
            for (var a = 0; a < interaction.Arguments.Count; a++)
            {
                Look(string.Create(CultureInfo.InvariantCulture, $"{at}.arguments[{a}]"), interaction.Arguments[a]);
            }

            Look(at + ".workingDirectory", interaction.WorkingDirectory);
            LookInOutput(at + ".stdout", interaction.StandardOutput, interaction.StandardOutputBase64 == true);
            LookInOutput(at + ".stderr", interaction.StandardError, interaction.StandardErrorBase64 == true);
            for (var e = 0; e < (interaction.Events?.Count ?? 0); e++)
            {
                Look(string.Create(CultureInfo.InvariantCulture, $"{at}.events[{e}].text"), interaction.Events![e].Text);
            }

            foreach (var (name, value) in interaction.Values ?? [])
            {
                Look($"{at}.values.{name}", value);
            }

            if (interaction.Error is { } error)
            {
                Look(at + ".error.message", error.Message);
                Look(at + ".error.path", error.Path);
                Look(at + ".error.reason", error.Reason);
                Look(at + ".error.feature", error.Feature);
                foreach (var path in error.SearchedPaths ?? [])
                {
                    Look(at + ".error.searchedPaths", path);
                }
            }
        }

        return found;

        void Look(string at, string? text, bool latin1 = false)
        {
            if (text is null)
            {
                return;
            }

            foreach (var (value, placeholder) in secrets)
            {
                if (text.Contains(latin1 ? PathSet.AsLatin1(value) : value, StringComparison.Ordinal))
                {
                    found.Add($"{at} holds {Describe(placeholder)}");
                }
            }
        }

        // Base64 output is searched as bytes: its bytes seen as Latin-1, a secret by its UTF-8 bytes.
        void LookInOutput(string at, string stored, bool isBase64) =>
            Look(at, isBase64 ? Encoding.Latin1.GetString(Convert.FromBase64String(stored)) : stored, latin1: isBase64);
    }

    private static string Describe(string placeholder) =>
        placeholder == Placeholders.Secret ? "a value given with --secret" : $"the value of {placeholder[(placeholder.IndexOf(':', StringComparison.Ordinal) + 1)..^2]}";
}
