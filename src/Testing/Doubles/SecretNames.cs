namespace ProcessKit.Testing;

/// <summary>
/// The one rule, shared by every double and cassette, for environment variable names whose values
/// must never be kept: a name looks secret when one of its words contains <c>token</c>,
/// <c>secret</c>, <c>password</c>, <c>passwd</c>, <c>passphrase</c>, <c>key</c>,
/// <c>credential</c>, <c>auth</c>, <c>cookie</c>, <c>session</c> or <c>private</c>, or is
/// <c>pass</c>, <c>pwd</c>, <c>creds</c>, <c>pat</c> or <c>sig</c>, compared without case
/// (<c>GITHUB_TOKEN</c>, <c>PGPASSWORD</c>, <c>apiKey</c>, <c>DB_PASS</c>, <c>DB_PWD</c>,
/// <c>SSH_AUTH_SOCK</c>). The same rule, from ProcessKit.Core, names the options, pairs
/// (<c>key=value</c>, <c>key: value</c>, JSON) and headers whose values command lines in
/// messages and cassettes redact.
/// </summary>
/// <remarks>
/// Words are split at anything that is not a letter or digit and where a lower-case letter is
/// followed by an upper-case one. The rule errs towards secrecy, with one exception for names
/// every git test sets: a word starting with <c>author</c> (<c>GIT_AUTHOR_NAME</c>) is not
/// <c>auth</c>, while <c>authorization</c> still is; and the shell's <c>PWD</c> and <c>OLDPWD</c>
/// (the current and previous directory, upper case as the shell sets them) are not secret.
/// </remarks>
public static class SecretNames
{
    /// <summary>The fragments that make a word secret, lower case.</summary>
    public static IReadOnlyList<string> SecretFragments => SecretNameRule.SecretFragments;

    /// <summary>True when the value of the environment variable <paramref name="name"/> must be treated as a secret.</summary>
    /// <param name="name">A variable name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretNameRule.LooksSecret(name);
    }
}
