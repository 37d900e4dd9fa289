using System.Text.RegularExpressions;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>
/// A pattern whose matches a cassette holds as numbered placeholders, like GUIDs and dates: every
/// distinct match in an interaction becomes <c>{{KIND:N}}</c> when recording, so a command with a
/// build number, a random port or a generated file name still matches on replay, and the value
/// is put back when replaying (the current command's value where the command has one, the
/// recorded value elsewhere).
/// </summary>
public sealed class CassetteReplacement
{
    /// <summary>Creates a replacement.</summary>
    /// <param name="kind">The placeholder's kind: a lower-case letter, then letters, digits, '_' or '-' (<c>port</c>, <c>build-id</c>); not cwd, temp, home, secret, guid or date.</param>
    /// <param name="pattern">What to replace; the whole match becomes the placeholder.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not a valid kind, or is reserved.</exception>
    public CassetteReplacement(string kind, Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(pattern);
        if (!Placeholders.KindName().IsMatch(kind))
        {
            throw new ArgumentException($"The placeholder kind '{kind}' is not valid: use a lower-case letter, then letters, digits, '_' or '-'.", nameof(kind));
        }

        if (Placeholders.ReservedKinds.Contains(kind))
        {
            throw new ArgumentException($"The placeholder kind '{kind}' is reserved (cwd, temp, home, secret, guid and date are built in): choose another.", nameof(kind));
        }

        Kind = kind;
        Pattern = pattern;
    }

    /// <summary>Creates a replacement from a pattern string (culture-invariant).</summary>
    /// <param name="kind">The placeholder's kind; see <see cref="CassetteReplacement(string, Regex)"/>.</param>
    /// <param name="pattern">A regular expression.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not valid or reserved, or <paramref name="pattern"/> is not a valid regular expression.</exception>
    public CassetteReplacement(string kind, string pattern)
        : this(kind, new Regex(pattern ?? throw new ArgumentNullException(nameof(pattern)), RegexOptions.CultureInvariant))
    {
    }

    /// <summary>The placeholder's kind.</summary>
    public string Kind { get; }

    /// <summary>The pattern.</summary>
    public Regex Pattern { get; }
}
