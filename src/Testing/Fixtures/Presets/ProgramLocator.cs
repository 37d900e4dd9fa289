namespace ProcessKit.Testing;

/// <summary>
/// Finds a server program the way a preset needs: on <c>PATH</c> first, then in the places
/// distributions install servers outside it (<c>/usr/sbin</c> for a normal user,
/// <c>/usr/lib/postgresql/VERSION/bin</c>). Never throws: a program not found is returned as its
/// bare name, and the start reports it as <see cref="ServerBinaryNotFoundException"/>.
/// </summary>
internal static class ProgramLocator
{
    /// <summary>The full path of <paramref name="program"/>, or the name itself when it is nowhere.</summary>
    internal static string Find(string program, params IEnumerable<string> fallbackDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(fallbackDirectories);
        return directories.Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists) ?? program;
    }

    /// <summary>The <c>bin</c> directory of the newest PostgreSQL under <c>/usr/lib/postgresql</c> (Debian's layout), or null.</summary>
    internal static string? NewestPostgresBin()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var number) ? number : -1, Bin: Path.Combine(version, "bin")))
            .Where(candidate => File.Exists(Path.Combine(candidate.Bin, "postgres")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }
}
