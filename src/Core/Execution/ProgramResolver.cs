using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Turns a command's program into the file to execute. A program with a directory separator is
/// used as is (relative to the working directory); a bare name is searched on <c>PATH</c> (the
/// command's own <c>PATH</c> if it sets one, else this process's), with <c>PATHEXT</c> on Windows.
/// Empty <c>PATH</c> entries are skipped rather than meaning the current directory.
/// </summary>
internal static class ProgramResolver
{
    /// <summary>
    /// Resolves <paramref name="command"/>'s program, on the command's own <c>PATH</c> if it sets
    /// one; a relative path is taken from <paramref name="workingDirectory"/>, or this process's
    /// current directory when that is null.
    /// </summary>
    internal static string Resolve(Command command, string? workingDirectory) =>
        Resolve(command.Program, command.Arguments, command.Environment.Changes.TryGetValue("PATH", out var own) ? own : null, workingDirectory);

    /// <summary>
    /// Resolves <paramref name="program"/> on <paramref name="searchPath"/>, or this process's
    /// <c>PATH</c> when that is null; <paramref name="arguments"/> are only named in errors. A
    /// relative path is taken from <paramref name="workingDirectory"/>, or this process's current
    /// directory when that is null (read only then: an absolute program or a bare name needs none).
    /// </summary>
    internal static string Resolve(string program, IReadOnlyList<string> arguments, string? searchPath, string? workingDirectory)
    {
        if (HasDirectory(program))
        {
            var path = Path.IsPathFullyQualified(program) ? Path.GetFullPath(program)
                : Path.GetFullPath(program, workingDirectory ?? Environment.CurrentDirectory);
            return Check(path) switch
            {
                Candidate.Executable => path,
                Candidate.NotExecutable => throw NotExecutable(program, arguments, path),
                _ => throw new ProcessNotFoundException(program, arguments, [path]),
            };
        }

        var searched = new List<string>();
        string? notExecutable = null;
        foreach (var directory in SearchDirectories(searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? ""))
        {
            foreach (var name in CandidateNames(program))
            {
                var path = Path.Combine(directory, name);
                searched.Add(path);
                switch (Check(path))
                {
                    case Candidate.Executable:
                        return path;
                    case Candidate.NotExecutable:
                        notExecutable ??= path;
                        break;
                }
            }
        }

        throw notExecutable is not null
            ? NotExecutable(program, arguments, notExecutable)
            : new ProcessNotFoundException(program, arguments, searched);
    }

    private static bool HasDirectory(string program) =>
        program.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && program.Contains('\\', StringComparison.Ordinal));

    /// <summary>The PATH directories in order, each once: a directory listed twice would only be tried, and reported as searched, twice.</summary>
    private static List<string> SearchDirectories(string path)
    {
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var directories = new List<string>();
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "/usr/bin" and "/usr/bin/" are one directory.
            if (seen.Add(Path.TrimEndingDirectorySeparator(directory)))
            {
                directories.Add(directory);
            }
        }

        return directories;
    }

    private static IEnumerable<string> CandidateNames(string program)
    {
        yield return program;
        if (OperatingSystem.IsWindows() && !Path.HasExtension(program))
        {
            var extensions = Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD";
            foreach (var extension in extensions.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return program + extension;
            }
        }
    }

    private static Candidate Check(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(path) ? Candidate.NotExecutable
                : File.Exists(path) ? Candidate.Executable
                : Candidate.Missing;
        }

        // One access(X_OK) answers the usual cases with one system call: a name missing from a
        // PATH directory fails it with ENOENT, a program passes it. A directory passes it too, so
        // a pass is checked for one; any other failure (no permission, a loop) is told apart by
        // whether the path exists at all.
        if (Libc.CanExecute(path, out var error))
        {
            return Directory.Exists(path) ? Candidate.NotExecutable : Candidate.Executable;
        }

        return error is Errno.ENOENT or Errno.ENOTDIR || !Path.Exists(path)
            ? Candidate.Missing
            : Candidate.NotExecutable;
    }

    private static ProcessPermissionException NotExecutable(string program, IReadOnlyList<string> arguments, string path) =>
        new(program, arguments, path, Directory.Exists(path) ? "it is a directory" : "it is not executable");

    private enum Candidate
    {
        Missing,
        NotExecutable,
        Executable,
    }
}
