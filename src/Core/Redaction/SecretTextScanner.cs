using System.Text.RegularExpressions;

namespace ProcessKit;

/// <summary>
/// Finds secrets in free text by their shape, in this order of precedence (a match that overlaps
/// an earlier one is dropped): the user's patterns; credential headers
/// (<c>Authorization: Bearer X</c>, <c>Proxy-Authorization</c>, <c>X-Api-Key: X</c>,
/// <c>Cookie: X</c>); JSON strings with a secret-looking key (<c>"password": "X"</c>); URL
/// passwords (<c>scheme://user:X@host</c>); and <c>key=X</c> or <c>key: X</c> pairs with a
/// secret-looking key (<see cref="SecretNameRule.HoldsSecret"/>).
/// </summary>
internal static partial class SecretTextScanner
{
    /// <summary>Every secret in <paramref name="text"/>, by position, none overlapping another.</summary>
    internal static List<SecretMatch> Scan(string text, IReadOnlyList<Regex> userPatterns)
    {
        var matches = new List<SecretMatch>();
        if (text.Length == 0)
        {
            return matches;
        }

        foreach (var pattern in userPatterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                var value = match.Groups["secret"] is { Success: true } secret ? secret : (Group)match;
                Add(matches, new SecretMatch(match.Index, match.Index + match.Length, value.Index, value.Index + value.Length, SecretShape.UserPattern));
            }
        }

        // The regexes below need a separator; text without one holds no shaped secret.
        if (!text.AsSpan().ContainsAny(':', '='))
        {
            return Sorted(matches);
        }

        foreach (Match match in Header().Matches(text))
        {
            Add(matches, Found(match, "value", SecretShape.Header));
        }

        foreach (Match match in JsonPair().Matches(text))
        {
            if (SecretNameRule.HoldsSecret(match.Groups["key"].Value))
            {
                Add(matches, Found(match, "value", SecretShape.JsonPair));
            }
        }

        foreach (Match match in UrlPassword().Matches(text))
        {
            Add(matches, Found(match, "value", SecretShape.UrlPassword));
        }

        foreach (Match match in Pair().Matches(text))
        {
            if (SecretNameRule.HoldsSecret(match.Groups["key"].Value))
            {
                var quoted = match.Groups["quoted"];
                Add(matches, Found(match, quoted.Success ? "quoted" : "value", SecretShape.Pair));
            }
        }

        return Sorted(matches);
    }

    private static SecretMatch Found(Match match, string group, SecretShape shape)
    {
        var value = match.Groups[group];
        return new SecretMatch(match.Index, match.Index + match.Length, value.Index, value.Index + value.Length, shape);
    }

    private static void Add(List<SecretMatch> matches, SecretMatch candidate)
    {
        if (candidate.ValueEnd > candidate.ValueStart && !matches.Exists(candidate.Overlaps))
        {
            matches.Add(candidate);
        }
    }

    private static List<SecretMatch> Sorted(List<SecretMatch> matches)
    {
        matches.Sort((a, b) => a.Start.CompareTo(b.Start));
        return matches;
    }

    // The value runs to the end of the line (a cookie list, "Digest username=..., response=..."),
    // after an optional scheme word (Bearer, Basic, token), which stays readable.
    [GeneratedRegex(@"(?<![A-Za-z0-9-])(?:proxy-authorization|authorization|x-api-key|api-key|cookie|set-cookie)[ \t]*:[ \t]*(?:[A-Za-z][A-Za-z0-9._~+/-]*[ \t]+(?=[^\s""]))?(?<value>[^\r\n""]*[^\s""])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"""(?<key>[A-Za-z_$@][^""\\\r\n]{0,63})""[ \t]*:[ \t]*""(?<value>(?:[^""\\\r\n]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonPair();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:(?<value>[^/@\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    // key=X (spaces allowed around "="), or key: X (a space after ":", so "sha256:abc" or a time is no pair);
    // a value in quotes is taken whole, else up to a space, quote or list separator.
    [GeneratedRegex(@"(?<![A-Za-z0-9_.$])(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,63})(?:[ \t]*=[ \t]*|:[ \t]+)(?:""(?<quoted>[^""\r\n]+)""|'(?<quoted>[^'\r\n]+)'|(?<value>[^\s""'&;,]+))", RegexOptions.CultureInvariant)]
    private static partial Regex Pair();
}
