namespace ProcessKit;

/// <summary>The command's working directory does not exist. Catch it as <see cref="DirectoryNotFoundException"/>.</summary>
public sealed class WorkingDirectoryNotFoundException : DirectoryNotFoundException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="directory">The missing directory.</param>
    public WorkingDirectoryNotFoundException(string program, IReadOnlyList<string> arguments, string directory)
        : base(ProcessErrorText.ForWorkingDirectory(directory, program, "does not exist", "Create it first or pass another"))
    {
        Program = program;
        Arguments = arguments;
        Directory = directory;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The missing directory.</summary>
    public string Directory { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;
}
