namespace ProcessKit;

/// <summary>
/// The command's working directory names something that is not a directory (a file, for
/// example): the operating system would refuse it with "Not a directory". Catch it as <see cref="IOException"/>.
/// </summary>
public sealed class WorkingDirectoryNotADirectoryException : IOException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="directory">The path given as working directory.</param>
    public WorkingDirectoryNotADirectoryException(string program, IReadOnlyList<string> arguments, string directory)
        : base(ProcessErrorText.ForWorkingDirectory(directory, program, "is a file, not a directory", "Pass its directory (or another)"))
    {
        Program = program;
        Arguments = arguments;
        Directory = directory;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The path given as working directory, which is not a directory.</summary>
    public string Directory { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;
}
