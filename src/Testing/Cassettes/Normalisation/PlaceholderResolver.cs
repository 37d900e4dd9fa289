using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Puts this machine's values back into replayed text: <c>{{cwd}}</c>, <c>{{temp}}</c> and
/// <c>{{home}}</c> become the directories here; <c>{{secret:NAME}}</c> the current value of NAME
/// (left as it is when NAME is not set); numbered values the current command's (when its own
/// normalisation met them) or the recorded ones. <c>{{secret}}</c> stays: such a secret is never kept.
/// </summary>
internal sealed class PlaceholderResolver(
    PathSet paths,
    Func<string, string?> secretValue,
    IReadOnlyDictionary<string, string> requestValues,
    IReadOnlyDictionary<string, string>? recordedValues)
{
    /// <summary>Resolves text.</summary>
    internal string Resolve(string text) => Resolve(text, latin1: false);

    /// <summary>Resolves output as the cassette holds it (text, or base64 bytes) into bytes.</summary>
    internal byte[] ResolveBytes(string stored, bool isBase64)
    {
        if (!isBase64)
        {
            return Encoding.UTF8.GetBytes(Resolve(stored));
        }

        var latin1 = Encoding.Latin1.GetString(Convert.FromBase64String(stored));
        return Encoding.Latin1.GetBytes(Resolve(latin1, latin1: true));
    }

    /// <summary>Resolves output as the cassette holds it into text, decoding recorded bytes with <paramref name="encoding"/>.</summary>
    internal string ResolveText(string stored, bool isBase64, Encoding encoding) =>
        isBase64 ? encoding.GetString(ResolveBytes(stored, isBase64: true)) : Resolve(stored);

    private string Resolve(string text, bool latin1)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        return Placeholders.Any().Replace(text, match => ValueOf(match) is { } value ? (latin1 ? PathSet.AsLatin1(value) : value) : match.Value);
    }

    private string? ValueOf(Match placeholder)
    {
        var name = placeholder.Groups["name"].Value;
        switch (name)
        {
            case "cwd":
                return paths.WorkingDirectory;
            case "temp":
                return paths.TemporaryDirectory;
            case "home":
                return paths.HomeDirectory;
            case Placeholders.SecretKind:
                return null;
        }

        if (placeholder.Groups["kind"].Value == Placeholders.SecretKind)
        {
            return secretValue(placeholder.Groups["arg"].Value);
        }

        return requestValues.TryGetValue(name, out var current) ? current
            : recordedValues is not null && recordedValues.TryGetValue(name, out var recorded) ? recorded
            : null;
    }
}
