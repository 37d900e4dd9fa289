namespace ProcessKit;

/// <summary>
/// The structured fields every ProcessKit exception carries, whatever BCL exception type it derives
/// from: catch the BCL type (<see cref="TimeoutException"/>, <see cref="FileNotFoundException"/>, ...)
/// or this interface to reach them.
/// </summary>
public interface IProcessError
{
    /// <summary>The program, as the command gave it.</summary>
    string Program { get; }

    /// <summary>The arguments, as the command gave them.</summary>
    IReadOnlyList<string> Arguments { get; }

    /// <summary>The exit code, when the process ran and exited with one.</summary>
    int? ExitCode { get; }

    /// <summary>The last lines of the process's standard error (at most about 4 KB), when it ran and wrote some.</summary>
    string? StandardErrorTail { get; }
}
