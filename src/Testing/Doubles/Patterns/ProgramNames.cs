namespace ProcessKit.Testing;

/// <summary>
/// How patterns compare programs: a bare name (<c>git</c>) matches the program by its file name,
/// wherever it lives (<c>git</c>, <c>/usr/bin/git</c>, and on Windows <c>C:\Git\git.exe</c>); a
/// program with a directory matches only that path. Case matters except on Windows.
/// </summary>
internal static class ProgramNames
{
    private static readonly StringComparison Comparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    internal static bool HasDirectory(string program) =>
        program.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && program.Contains('\\', StringComparison.Ordinal));

    /// <summary>True when <paramref name="program"/> is the program <paramref name="pattern"/> names.</summary>
    /// <param name="pattern">A bare name or a path.</param>
    /// <param name="patternIsPath">Whether <paramref name="pattern"/> has a directory (precomputed).</param>
    /// <param name="program">The command's program.</param>
    internal static bool Matches(string pattern, bool patternIsPath, string program)
    {
        if (patternIsPath)
        {
            return string.Equals(pattern, program, Comparison);
        }

        var file = FileName(program);
        if (file.Equals(pattern, Comparison))
        {
            return true;
        }

        // On Windows "git" also names git.exe, as PATHEXT lookup would.
        return OperatingSystem.IsWindows()
            && file.Length > pattern.Length + 1
            && file[pattern.Length] == '.'
            && file.StartsWith(pattern, Comparison)
            && !file[(pattern.Length + 1)..].Contains('.');
    }

    private static ReadOnlySpan<char> FileName(string program)
    {
        var slash = OperatingSystem.IsWindows() ? program.AsSpan().LastIndexOfAny('/', '\\') : program.LastIndexOf('/');
        return program.AsSpan(slash + 1);
    }
}
