namespace ProcessKit;

/// <summary>The program to run does not exist. Catch it as <see cref="FileNotFoundException"/>.</summary>
public sealed class ProcessNotFoundException : FileNotFoundException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="searchedPaths">Every path that was tried.</param>
    public ProcessNotFoundException(string program, IReadOnlyList<string> arguments, IReadOnlyList<string> searchedPaths)
        : base(BuildMessage(program, searchedPaths), program)
    {
        Program = program;
        Arguments = arguments;
        SearchedPaths = searchedPaths;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Every path that was tried, in order (the PATH directories for a bare name).</summary>
    public IReadOnlyList<string> SearchedPaths { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;

    private static string BuildMessage(string program, IReadOnlyList<string> searchedPaths) =>
        program.Contains('/', StringComparison.Ordinal) || program.Contains('\\', StringComparison.Ordinal)
            ? $"The program '{program}' does not exist (looked for {string.Join(", ", searchedPaths)})."
            : $"The program '{program}' was not found on PATH. Searched: {string.Join(", ", searchedPaths)}. " +
              "Install it, add its directory to PATH, or give its full path.";
}
