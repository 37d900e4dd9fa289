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

    /// <summary>True when the program of <paramref name="command"/> is the program <paramref name="pattern"/> names.</summary>
    /// <param name="pattern">A bare name or a path.</param>
    /// <param name="patternIsPath">Whether <paramref name="pattern"/> has a directory (precomputed).</param>
    /// <param name="command">The command, with its program's file name taken once.</param>
    internal static bool Matches(string pattern, bool patternIsPath, in CommandView command)
    {
        if (patternIsPath)
        {
            return string.Equals(pattern, command.Command.Program, Comparison);
        }

        var file = command.ProgramFileName;
        if (!OperatingSystem.IsWindows())
        {
            return file.SequenceEqual(pattern);
        }

        // On Windows names ignore case, and "git" also names git.exe, as PATHEXT lookup would.
        return file.Equals(pattern, StringComparison.OrdinalIgnoreCase)
            || (file.Length > pattern.Length + 1
                && file[pattern.Length] == '.'
                && file.StartsWith(pattern, StringComparison.OrdinalIgnoreCase)
                && !file[(pattern.Length + 1)..].Contains('.'));
    }

    /// <summary>The file name of a program: what follows its last directory separator.</summary>
    internal static ReadOnlySpan<char> FileName(string program)
    {
        var slash = OperatingSystem.IsWindows() ? program.AsSpan().LastIndexOfAny('/', '\\') : program.LastIndexOf('/');
        return program.AsSpan(slash + 1);
    }
}
