using System.Globalization;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The placeholders a cassette holds instead of machine-specific or secret text. Paths:
/// <c>{{cwd}}</c> (the command's working directory), <c>{{temp}}</c>, <c>{{home}}</c>. Secrets:
/// <c>{{secret:NAME}}</c> (the value of environment variable NAME) and <c>{{secret}}</c> (any
/// other secret). Values: <c>{{KIND:N}}</c>, the N-th distinct GUID, date or user-pattern match
/// of an interaction (<c>{{guid:1}}</c>, <c>{{date:2}}</c>).
/// </summary>
internal static partial class Placeholders
{
    internal const string WorkingDirectory = "{{cwd}}";
    internal const string TemporaryDirectory = "{{temp}}";
    internal const string HomeDirectory = "{{home}}";
    internal const string Secret = "{{secret}}";
    internal const string SecretKind = "secret";
    internal const string GuidKind = "guid";
    internal const string DateKind = "date";

    /// <summary>The kinds no user pattern may take.</summary>
    internal static readonly IReadOnlySet<string> ReservedKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "cwd", "temp", "home", SecretKind, GuidKind, DateKind,
    };

    /// <summary>The placeholder for the value of environment variable <paramref name="name"/>; plain <c>{{secret}}</c> when the name cannot be spelled in one.</summary>
    internal static string NamedSecret(string name) =>
        SecretName().IsMatch(name) ? "{{" + SecretKind + ":" + name + "}}" : Secret;

    /// <summary>The name (without braces) of the <paramref name="number"/>-th value of <paramref name="kind"/>.</summary>
    internal static string ValueName(string kind, int number) => kind + ":" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Wraps a name in braces.</summary>
    internal static string Wrap(string name) => "{{" + name + "}}";

    /// <summary>Any placeholder; group <c>name</c> is what is between the braces, <c>kind</c> before the colon, <c>arg</c> after.</summary>
    [GeneratedRegex(@"\{\{(?<name>(?<kind>[a-z][a-zA-Z0-9_-]*)(?::(?<arg>[A-Za-z0-9_.-]+))?)\}\}", RegexOptions.CultureInvariant)]
    internal static partial Regex Any();

    /// <summary>A kind a user pattern may take.</summary>
    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_-]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex KindName();

    /// <summary>A GUID in its usual 8-4-4-4-12 hex form.</summary>
    [GeneratedRegex(@"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])", RegexOptions.CultureInvariant)]
    internal static partial Regex Guid();

    /// <summary>An ISO-8601 date, with an optional time (seconds, fraction) and offset.</summary>
    [GeneratedRegex(@"(?<![0-9])[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?(?![0-9])", RegexOptions.CultureInvariant)]
    internal static partial Regex Date();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
