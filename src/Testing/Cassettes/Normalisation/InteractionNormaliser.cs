using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Normalises the texts of one interaction, in this order: secrets (exact values, longest first)
/// become <c>{{secret...}}</c>; secrets known by their shape (<see cref="SecretRedactor"/>:
/// credential headers, secret-named pairs, URL passwords, the user's secret patterns) become
/// <c>{{secret}}</c>; the working, temporary and home directories become <c>{{cwd}}</c>,
/// <c>{{temp}}</c>, <c>{{home}}</c>; then user patterns, GUIDs and dates become numbered
/// placeholders (<c>{{guid:1}}</c>), the same value always the same number within the
/// interaction. Numbers are given in the order values are met, request first (program, arguments,
/// working directory, standard input), so the same command normalises the same way on every machine.
/// </summary>
/// <remarks>Used by one flow at a time: the request when the command is run, the response when it ends.</remarks>
internal sealed class InteractionNormaliser
{
    private readonly List<(string Value, string Placeholder)> _secrets;
    private readonly SecretRedactor _redactor;
    private readonly PathSet _paths;
    private readonly IReadOnlyList<(string Kind, Regex Pattern)> _patterns;
    private List<(string Value, string Placeholder)>? _latin1Secrets;
    private readonly Dictionary<(string Kind, string Value), string> _nameByValue = [];
    private readonly Dictionary<string, string> _valueByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private HashSet<string>? _requestNames;

    /// <param name="secrets">Secret values and their placeholders, longest value first.</param>
    /// <param name="redactor">The secret rules, for secrets known by their shape.</param>
    /// <param name="paths">The directories to hold as placeholders.</param>
    /// <param name="patterns">User patterns, then GUIDs and dates, each with its kind.</param>
    internal InteractionNormaliser(IReadOnlyList<(string Value, string Placeholder)> secrets, SecretRedactor redactor, PathSet paths, IReadOnlyList<(string Kind, Regex Pattern)> patterns)
    {
        _secrets = [.. secrets];
        _redactor = redactor;
        _paths = paths;
        _patterns = patterns;
    }

    /// <summary>Every numbered value met so far, by placeholder name (<c>guid:1</c>).</summary>
    internal IReadOnlyDictionary<string, string> Values => _valueByName;

    /// <summary>
    /// Learns the secrets of the lines written to a started process's standard input (in
    /// <paramref name="events"/>): each secret shaped in a line, and every line when
    /// <paramref name="inputIsSecret"/> (<c>--password-stdin</c>). They are hidden from then on,
    /// in every text, so call this before normalising the events.
    /// </summary>
    internal void LearnInputSecrets(IEnumerable<CassetteEvent> events, bool inputIsSecret)
    {
        var found = new List<string>();
        foreach (var e in events)
        {
            if (e.Source == EventSources.StandardInput && e.Text is { } line)
            {
                _redactor.RedactText(line, found);
                if (inputIsSecret)
                {
                    found.Add(line);
                }
            }
        }

        var known = _secrets.Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        var added = found.Where(f => f.Length >= SecretRedactor.MinimumKnownLength && known.Add(f)).Select(f => (f, Placeholders.Secret)).ToList();
        if (added.Count > 0)
        {
            _secrets.AddRange(added);
            _secrets.Sort((a, b) => b.Value.Length.CompareTo(a.Value.Length));
            _latin1Secrets = null;
        }
    }

    /// <summary>Normalises text.</summary>
    internal string Normalise(string text) => Normalise(text, includeWorkingDirectory: true, latin1: false);

    /// <summary>Normalises the working directory itself: against temp and home, not against itself.</summary>
    internal string NormaliseDirectory(string directory) => Normalise(directory, includeWorkingDirectory: false, latin1: false);

    /// <summary>
    /// Normalises output bytes: as text when they are valid UTF-8 (returns false), else as bytes
    /// (secrets and paths matched by their UTF-8 bytes) encoded in base64 (returns true).
    /// </summary>
    internal (string Text, bool IsBase64) NormaliseBytes(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return (Normalise(Encoding.UTF8.GetString(bytes)), false);
        }

        var normalised = Normalise(Encoding.Latin1.GetString(bytes), includeWorkingDirectory: true, latin1: true);
        return (Convert.ToBase64String(Encoding.Latin1.GetBytes(normalised)), true);
    }

    /// <summary>The digest of standard input content, taken over its normalised form (so the same input matches on every machine).</summary>
    internal string DigestInput(ReadOnlySpan<byte> bytes)
    {
        byte[] normalised;
        if (Utf8.IsValid(bytes))
        {
            normalised = Encoding.UTF8.GetBytes(Normalise(Encoding.UTF8.GetString(bytes)));
        }
        else
        {
            normalised = Encoding.Latin1.GetBytes(Normalise(Encoding.Latin1.GetString(bytes), includeWorkingDirectory: true, latin1: true));
        }

        return StandardInputValues.DigestPrefix + Convert.ToHexStringLower(SHA256.HashData(normalised));
    }

    /// <summary>Marks the end of the request: values met from now on are kept in the cassette (<see cref="ResponseValues"/>).</summary>
    internal void EndRequest() => _requestNames = [.. _valueByName.Keys];

    /// <summary>
    /// The numbered values first met in the response (after <see cref="EndRequest"/>): the
    /// cassette keeps them so the output replays as recorded. Null when there are none.
    /// </summary>
    internal Dictionary<string, string>? ResponseValues()
    {
        var values = _valueByName.Where(v => _requestNames is null || !_requestNames.Contains(v.Key)).ToDictionary(StringComparer.Ordinal);
        return values.Count == 0 ? null : values;
    }

    private string Normalise(string text, bool includeWorkingDirectory, bool latin1)
    {
        if (text.Length == 0)
        {
            return text;
        }

        foreach (var (value, placeholder) in latin1 ? Latin1Secrets() : _secrets)
        {
            text = text.Replace(value, placeholder, StringComparison.Ordinal);
        }

        text = _redactor.RedactText(text);

        text = _paths.Replace(text, includeWorkingDirectory, latin1);
        foreach (var (kind, pattern) in _patterns)
        {
            text = ReplaceOutsidePlaceholders(text, pattern, match => Replacement(kind, match, latin1));
        }

        return text;
    }

    private List<(string Value, string Placeholder)> Latin1Secrets() =>
        _latin1Secrets ??= [.. _secrets.Select(s => (PathSet.AsLatin1(s.Value), s.Placeholder))];

    /// <summary>Replaces the matches of <paramref name="pattern"/> that are not inside a placeholder already written.</summary>
    private static string ReplaceOutsidePlaceholders(string text, Regex pattern, MatchEvaluator replacement)
    {
        var placeholders = Placeholders.Any().Matches(text);
        if (placeholders.Count == 0)
        {
            return pattern.Replace(text, replacement);
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (Match placeholder in placeholders)
        {
            builder.Append(pattern.Replace(text[position..placeholder.Index], replacement));
            builder.Append(placeholder.Value);
            position = placeholder.Index + placeholder.Length;
        }

        builder.Append(pattern.Replace(text[position..], replacement));
        return builder.ToString();
    }

    /// <summary>
    /// The placeholder for one match. An empty match stays empty; in bytes seen as Latin-1, a
    /// match that is not ASCII stays as it is (its characters are bytes, not text, and could not
    /// be kept as a value).
    /// </summary>
    private string Replacement(string kind, Match match, bool latin1)
    {
        var value = match.Value;
        if (value.Length == 0 || (latin1 && !Ascii.IsValid(value)))
        {
            return value;
        }

        if (!_nameByValue.TryGetValue((kind, value), out var name))
        {
            var number = _counts.GetValueOrDefault(kind) + 1;
            _counts[kind] = number;
            name = Placeholders.ValueName(kind, number);
            _nameByValue[(kind, value)] = name;
            _valueByName[name] = value;
        }

        return Placeholders.Wrap(name);
    }
}
