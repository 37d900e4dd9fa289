namespace ProcessKit.Testing.Testcontainers;

/// <summary>Whether a server's program is installed here: an existing path, or a name found on PATH.</summary>
internal static class ProgramPaths
{
    internal static string? Find(string program) => Searched(program).FirstOrDefault(File.Exists);

    internal static IReadOnlyList<string> Searched(string program) =>
        Path.IsPathRooted(program) || program.Contains('/', StringComparison.Ordinal)
            ? [Path.GetFullPath(program)]
            : [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(directory => Path.Combine(directory, program))];
}
