namespace ProcessKit;

/// <summary>
/// The program exists but may not be executed (no execute permission, a directory, a
/// <c>noexec</c> mount). Catch it as <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class ProcessPermissionException : UnauthorizedAccessException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="path">The file that could not be executed.</param>
    /// <param name="reason">Why, in words.</param>
    public ProcessPermissionException(string program, IReadOnlyList<string> arguments, string path, string reason)
        : base($"The program '{path}' cannot be executed: {reason}. Check that it is a file with execute permission (chmod +x).")
    {
        Program = program;
        Arguments = arguments;
        Path = path;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The file that could not be executed.</summary>
    public string Path { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;
}
