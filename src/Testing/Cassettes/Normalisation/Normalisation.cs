using System.Collections;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// What a runner normalises, from its options and this machine: the directories, the secrets
/// (user values, the values of environment variables whose names look secret or are named
/// secret, and secrets shaped inside any environment value), the secret rules
/// (<see cref="SecretRedactor"/>, with the user's secret patterns) and the patterns. Makes a
/// fresh <see cref="InteractionNormaliser"/> per command and a
/// <see cref="PlaceholderResolver"/> per replay. The directories are this machine's, where the
/// commands run, whatever file system the cassette is kept in.
/// </summary>
internal sealed class Normalisation
{
    /// <summary>
    /// The value of a variable whose name merely looks secret, when shorter than this, is not
    /// redacted: "true" or "1" would otherwise vanish from all output (<c>FEATURE_KEY=1</c>).
    /// </summary>
    internal const int MinimumSecretLength = 6;

    private readonly IReadOnlyList<string> _userSecrets;
    private readonly IReadOnlySet<string> _secretVariables;
    private readonly IReadOnlyList<(string Kind, Regex Pattern)> _patterns;
    private readonly Func<IEnumerable<KeyValuePair<string, string>>> _processEnvironment;
    private readonly ConcurrentDictionary<string, PathSet> _pathSets = new(StringComparer.Ordinal);

    internal Normalisation(CassetteOptions options, Func<IEnumerable<KeyValuePair<string, string>>>? processEnvironment = null)
    {
        _userSecrets = options.Secrets;
        _secretVariables = new HashSet<string>(options.SecretEnvironmentVariables, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        _patterns = [.. options.Replacements.Select(r => (r.Kind, r.Pattern)), (Placeholders.GuidKind, Placeholders.Guid()), (Placeholders.DateKind, Placeholders.Date())];
        Redactor = new SecretRedactor(Placeholders.Secret, options.SecretPatterns);
        _processEnvironment = processEnvironment ?? ReadProcessEnvironment;
        TemporaryDirectory = Path.GetFullPath(options.TemporaryDirectory ?? Path.GetTempPath());
        HomeDirectory = Path.GetFullPath(options.HomeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify));
    }

    /// <summary>The directory held as <c>{{temp}}</c>.</summary>
    internal string TemporaryDirectory { get; }

    /// <summary>The directory held as <c>{{home}}</c>.</summary>
    internal string HomeDirectory { get; }

    /// <summary>The secret rules, writing <c>{{secret}}</c>.</summary>
    internal SecretRedactor Redactor { get; }

    /// <summary>A normaliser for one run of <paramref name="command"/>, with the secrets found in its arguments and input.</summary>
    internal InteractionNormaliser For(Command command, IReadOnlyList<string> commandSecrets) =>
        new(Secrets(command, commandSecrets), Redactor, Paths(command), _patterns);

    /// <summary>A resolver that puts this machine's values back for <paramref name="command"/>.</summary>
    /// <param name="command">The command being replayed.</param>
    /// <param name="requestValues">The numbered values of the command's own normalisation (they win).</param>
    /// <param name="recordedValues">The numbered values the cassette kept for the output.</param>
    internal PlaceholderResolver Resolver(Command command, IReadOnlyDictionary<string, string> requestValues, IReadOnlyDictionary<string, string>? recordedValues) =>
        new(Paths(command), name => SecretValue(command, name), requestValues, recordedValues);

    /// <summary>Every secret value of <paramref name="command"/> with its placeholder, longest value first.</summary>
    internal List<(string Value, string Placeholder)> Secrets(Command command, IReadOnlyList<string> commandSecrets) =>
        CollectSecrets(VisibleEnvironment(command), _secretVariables, _userSecrets, commandSecrets, Redactor);

    /// <summary>
    /// The secrets to hide, longest value first: the values of <paramref name="environment"/>
    /// variables named in <paramref name="secretVariables"/> (any length) or whose names look
    /// secret (at least <see cref="MinimumSecretLength"/> characters) as <c>{{secret:NAME}}</c>;
    /// then <paramref name="userSecrets"/>, and as <c>{{secret}}</c> <paramref name="commandSecrets"/>
    /// (at least <see cref="SecretRedactor.MinimumKnownLength"/> characters) and the secrets
    /// <paramref name="redactor"/> finds inside any other environment value
    /// (<c>DATABASE_URL=postgresql://u:X@h/db</c>; at least <see cref="MinimumSecretLength"/>).
    /// A value is hidden once, by its first placeholder.
    /// </summary>
    internal static List<(string Value, string Placeholder)> CollectSecrets(
        IEnumerable<KeyValuePair<string, string>> environment,
        IReadOnlySet<string> secretVariables,
        IEnumerable<string> userSecrets,
        IEnumerable<string> commandSecrets,
        SecretRedactor redactor)
    {
        var secrets = new List<(string Value, string Placeholder)>();
        var shaped = new List<string>();
        foreach (var (name, value) in environment)
        {
            if ((secretVariables.Contains(name) && value.Length > 0) || (SecretNames.LooksSecret(name) && value.Length >= MinimumSecretLength))
            {
                secrets.Add((value, Placeholders.NamedSecret(name)));
            }
            else
            {
                redactor.RedactText(value, shaped);
            }
        }

        secrets.Sort((a, b) => string.CompareOrdinal(a.Placeholder, b.Placeholder));
        secrets.AddRange(userSecrets.Select(s => (s, Placeholders.Secret)));
        secrets.AddRange(commandSecrets.Where(s => s.Length >= SecretRedactor.MinimumKnownLength).Select(s => (s, Placeholders.Secret)));

        // Like a value guessed by its variable's name: this machine's environment differs from
        // the next one's, and a short guess would erase common words from every cassette.
        secrets.AddRange(shaped.Where(s => s.Length >= MinimumSecretLength).Select(s => (s, Placeholders.Secret)));
        return [.. secrets.DistinctBy(s => s.Value, StringComparer.Ordinal).OrderByDescending(s => s.Value.Length)];
    }

    /// <summary>This process's environment variables.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ReadProcessEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            yield return new((string)entry.Key, (string?)entry.Value ?? "");
        }
    }

    private PathSet Paths(Command command)
    {
        var workingDirectory = command.WorkingDirectory ?? Directory.GetCurrentDirectory();
        return _pathSets.GetOrAdd(workingDirectory, static (cwd, self) => new PathSet(cwd, self.TemporaryDirectory, self.HomeDirectory), this);
    }

    /// <summary>The value environment variable <paramref name="name"/> has for <paramref name="command"/> (its own setting, else this process's), or null.</summary>
    private string? SecretValue(Command command, string name)
    {
        if (command.EnvironmentChanges.TryGetValue(name, out var changed))
        {
            return changed;
        }

        return _processEnvironment().FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.Ordinal)).Value;
    }

    /// <summary>The variables the child sees or that the command names: this process's, overridden by the command's.</summary>
    private Dictionary<string, string> VisibleEnvironment(Command command)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in _processEnvironment())
        {
            variables[name] = value;
        }

        foreach (var (name, value) in command.EnvironmentChanges)
        {
            if (value is not null)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
