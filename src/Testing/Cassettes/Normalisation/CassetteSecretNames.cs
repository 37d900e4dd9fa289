namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Whether a name (of an environment variable or a command-line option) looks like it holds a
/// secret: one of its words, split at '_', '-', '.' and lower-to-upper case changes, is a word
/// that means a secret (token, secret, password, key, credential, auth, ...) or ends with one
/// (apitoken, dbpassword). MONKEY or KEYBOARD are not secret; API_KEY, GITHUB_TOKEN, dbPassword are.
/// The shell's PWD and OLDPWD (the current and previous directory) are not, though DB_PWD is.
/// </summary>
/// <remarks>
/// The lead merges this rule into <c>SecretNames.LooksSecret</c> (branch <c>doubles</c>), which
/// should then replace it here.
/// </remarks>
internal static class CassetteSecretNames
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "secret", "secrets", "password", "passwd", "pwd", "pass", "passphrase", "key", "apikey",
        "credential", "credentials", "creds", "auth", "authorization", "cookie", "session", "signature", "sig", "pat",
        "privatekey", "accesskey", "secretkey", "connectionstring",
    };

    private static readonly HashSet<string> NotSecret = new(StringComparer.OrdinalIgnoreCase) { "PWD", "OLDPWD" };

    private static readonly string[] SecretEndings = ["token", "secret", "password", "passwd", "passphrase", "apikey", "credential", "credentials"];

    /// <summary>True when <paramref name="name"/> looks like the name of a secret.</summary>
    internal static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (NotSecret.Contains(name))
        {
            return false;
        }

        foreach (var word in Words(name))
        {
            if (SecretWords.Contains(word))
            {
                return true;
            }

            foreach (var ending in SecretEndings)
            {
                if (word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> Words(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length || !char.IsLetterOrDigit(name[i]) ||
                           (i > start && char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (!boundary)
            {
                continue;
            }

            if (i > start)
            {
                yield return name[start..i];
            }

            start = i < name.Length && !char.IsLetterOrDigit(name[i]) ? i + 1 : i;
        }
    }
}
