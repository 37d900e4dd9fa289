namespace ProcessKit;

/// <summary>How a child ended, as the kernel reported it.</summary>
internal readonly record struct ExitStatus(int? Code, int? Signal, bool Unknown)
{
    internal static ExitStatus Exited(int code) => new(code, null, false);

    internal static ExitStatus Signaled(int signal) => new(null, signal, false);

    /// <summary>
    /// The status was taken by someone else: when the .NET host runs as PID 1 the runtime reaps
    /// every child, so our own <c>waitpid</c> sees <c>ECHILD</c>.
    /// </summary>
    internal static ExitStatus Lost => new(null, null, true);
}
