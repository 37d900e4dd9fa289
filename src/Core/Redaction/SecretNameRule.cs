namespace ProcessKit;

/// <summary>
/// The one rule for names whose values are secret, shared by environment variables, options,
/// <c>key=value</c> and <c>key: value</c> pairs, JSON keys and headers: a name looks secret when
/// one of its words contains <c>token</c>, <c>secret</c>, <c>password</c>, <c>passwd</c>,
/// <c>passphrase</c>, <c>key</c>, <c>credential</c>, <c>auth</c>, <c>cookie</c>, <c>session</c>
/// or <c>private</c>, or is <c>pass</c>, <c>pwd</c>, <c>creds</c>, <c>pat</c> or <c>sig</c>,
/// compared without case. Words are split at anything that is not a letter or digit and where a
/// lower-case letter is followed by an upper-case one.
/// </summary>
/// <remarks>
/// The rule errs towards secrecy, with exceptions for names every test meets: a word starting with
/// <c>author</c> (<c>GIT_AUTHOR_NAME</c>) is not <c>auth</c>, while <c>authorization</c> still is;
/// the shell's <c>PWD</c> and <c>OLDPWD</c> (directories, spelled upper case) are not secret. A name whose last word
/// says where a secret is rather than holding it (<c>--token-file</c>, <c>--password-stdin</c>,
/// <c>client_id</c>, <c>credential.helper</c>) does not hold one (<see cref="HoldsSecret"/>).
/// </remarks>
internal static class SecretNameRule
{
    private static readonly string[] Fragments =
        ["token", "secret", "password", "passwd", "passphrase", "key", "credential", "auth", "cookie", "session", "private"];

    private static readonly string[] Words = ["pass", "pwd", "creds", "pat", "sig"];

    /// <summary>The last words of a name that points at a secret (or names one) instead of holding it.</summary>
    private static readonly HashSet<string> PointerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "file", "path", "dir", "directory", "id", "name", "type", "length", "size", "stdin", "env", "var", "variable",
        "command", "cmd", "helper", "prompt", "program", "store", "source", "url", "uri", "endpoint", "method", "mode", "scheme",
    };

    /// <summary>The fragments that make a word secret, lower case.</summary>
    internal static IReadOnlyList<string> SecretFragments { get; } = Array.AsReadOnly(Fragments);

    /// <summary>True when the value of something named <paramref name="name"/> (an environment variable) must be treated as a secret.</summary>
    internal static bool LooksSecret(string name)
    {
        // The shell's variables, upper case as it sets them; an option --pwd is a password.
        if (name is "PWD" or "OLDPWD")
        {
            return false;
        }

        foreach (var (start, length) in SplitWords(name))
        {
            if (WordLooksSecret(name.AsSpan(start, length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the value of an option, pair key or header named <paramref name="name"/> is a
    /// secret: the name looks secret and its last word does not point elsewhere (<c>--token-file</c>).
    /// </summary>
    internal static bool HoldsSecret(string name) => LooksSecret(name) && !PointsAtSecret(name);

    /// <summary>True when the last word of <paramref name="name"/> is <paramref name="word"/> (<c>--password-stdin</c> ends with <c>stdin</c>).</summary>
    internal static bool EndsWithWord(string name, string word) =>
        LastWord(name).Equals(word, StringComparison.OrdinalIgnoreCase);

    private static bool PointsAtSecret(string name) => PointerWords.Contains(LastWord(name).ToString());

    private static ReadOnlySpan<char> LastWord(string name)
    {
        var last = (Start: 0, Length: 0);
        foreach (var word in SplitWords(name))
        {
            last = word;
        }

        return name.AsSpan(last.Start, last.Length);
    }

    private static List<(int Start, int Length)> SplitWords(string name)
    {
        var words = new List<(int Start, int Length)>(4);
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var separator = i < name.Length && !char.IsLetterOrDigit(name[i]);
            var camelBreak = i < name.Length && i > start && char.IsLower(name[i - 1]) && char.IsUpper(name[i]);
            if (i < name.Length && !separator && !camelBreak)
            {
                continue;
            }

            if (i > start)
            {
                words.Add((start, i - start));
            }

            start = separator ? i + 1 : i;
        }

        return words;
    }

    private static bool WordLooksSecret(ReadOnlySpan<char> word)
    {
        foreach (var secretWord in Words)
        {
            if (word.Equals(secretWord, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var fragment in Fragments)
        {
            if (word.Contains(fragment, StringComparison.OrdinalIgnoreCase) && !(fragment == "auth" && IsAuthorWord(word)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAuthorWord(ReadOnlySpan<char> word) =>
        word.StartsWith("author", StringComparison.OrdinalIgnoreCase) && !word.StartsWith("authoriz", StringComparison.OrdinalIgnoreCase);
}
