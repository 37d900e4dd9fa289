using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The machine's directories that a cassette holds as placeholders: the working directory
/// (<c>{{cwd}}</c>), the temporary directory (<c>{{temp}}</c>) and the home directory
/// (<c>{{home}}</c>). A path matches only whole (not <c>/tmp</c> inside <c>/var/tmp</c> or
/// <c>/tmpfs</c>), the longest first, so the working directory wins inside the temporary one.
/// A root directory is never replaced: it would be every path.
/// </summary>
internal sealed class PathSet
{
    private const string PathCharacters = @"\w.~-";
    private const string CwdGroup = "cwd";
    private const string TempGroup = "temp";
    private const string HomeGroup = "home";

    private readonly (string Group, string Path)[] _paths;
    private readonly Lazy<Regex?> _withWorkingDirectory;
    private readonly Lazy<Regex?> _withoutWorkingDirectory;
    private readonly Lazy<Regex?> _latin1WithWorkingDirectory;
    private readonly Lazy<Regex?> _latin1WithoutWorkingDirectory;

    internal PathSet(string workingDirectory, string temporaryDirectory, string homeDirectory)
    {
        WorkingDirectory = Trim(workingDirectory);
        TemporaryDirectory = Trim(temporaryDirectory);
        HomeDirectory = Trim(homeDirectory);
        _paths = [.. new[] { (CwdGroup, WorkingDirectory), (TempGroup, TemporaryDirectory), (HomeGroup, HomeDirectory) }
            .Where(p => IsReplaceable(p.Item2))
            .DistinctBy(p => p.Item2, PathComparer)
            .OrderByDescending(p => p.Item2.Length)];
        _withWorkingDirectory = new(() => Build(includeWorkingDirectory: true, latin1: false));
        _withoutWorkingDirectory = new(() => Build(includeWorkingDirectory: false, latin1: false));
        _latin1WithWorkingDirectory = new(() => Build(includeWorkingDirectory: true, latin1: true));
        _latin1WithoutWorkingDirectory = new(() => Build(includeWorkingDirectory: false, latin1: true));
    }

    /// <summary>The working directory, without a trailing separator.</summary>
    internal string WorkingDirectory { get; }

    /// <summary>The temporary directory, without a trailing separator.</summary>
    internal string TemporaryDirectory { get; }

    /// <summary>The home directory, without a trailing separator.</summary>
    internal string HomeDirectory { get; }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Replaces every directory of the set in <paramref name="text"/> by its placeholder.</summary>
    /// <param name="text">Text, or bytes seen as Latin-1 characters when <paramref name="latin1"/>.</param>
    /// <param name="includeWorkingDirectory">False for the working directory itself (held against temp and home only).</param>
    /// <param name="latin1">The text is bytes seen as Latin-1 (output that is not UTF-8): paths are matched by their UTF-8 bytes.</param>
    internal string Replace(string text, bool includeWorkingDirectory, bool latin1)
    {
        var pattern = (includeWorkingDirectory, latin1) switch
        {
            (true, false) => _withWorkingDirectory.Value,
            (false, false) => _withoutWorkingDirectory.Value,
            (true, true) => _latin1WithWorkingDirectory.Value,
            _ => _latin1WithoutWorkingDirectory.Value,
        };
        return pattern is null ? text : pattern.Replace(text, static match =>
            match.Groups[CwdGroup].Success ? Placeholders.WorkingDirectory
            : match.Groups[TempGroup].Success ? Placeholders.TemporaryDirectory
            : Placeholders.HomeDirectory);
    }

    private static string Trim(string path) => Path.TrimEndingDirectorySeparator(path);

    private static bool IsReplaceable(string path) =>
        path.Length > 1 && !string.Equals(Path.GetPathRoot(path), path, StringComparison.Ordinal);

    private Regex? Build(bool includeWorkingDirectory, bool latin1)
    {
        var alternatives = _paths
            .Where(p => includeWorkingDirectory || p.Group != CwdGroup)
            .Select(p => $"(?<{p.Group}>{Regex.Escape(latin1 ? AsLatin1(p.Path) : p.Path)})")
            .ToList();
        if (alternatives.Count == 0)
        {
            return null;
        }

        var options = RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex($"(?<![{PathCharacters}])(?:{string.Join('|', alternatives)})(?![{PathCharacters}])", options);
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each as one Latin-1 character.</summary>
    internal static string AsLatin1(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
}
