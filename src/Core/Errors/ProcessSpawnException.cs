namespace ProcessKit;

/// <summary>
/// The operating system refused to start the process for a reason other than a missing program
/// or a permission (for example an executable in an unknown format, or too many processes).
/// Catch it as <see cref="IOException"/>.
/// </summary>
public sealed class ProcessSpawnException : IOException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="errorCode">The operating system's error number.</param>
    /// <param name="reason">The operating system's description of the error.</param>
    public ProcessSpawnException(string program, IReadOnlyList<string> arguments, int errorCode, string reason)
        : base($"The program '{program}' could not be started: {reason} (error {errorCode}).")
    {
        Program = program;
        Arguments = arguments;
        ErrorCode = errorCode;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The operating system's error number (<c>errno</c>).</summary>
    public int ErrorCode { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;
}
