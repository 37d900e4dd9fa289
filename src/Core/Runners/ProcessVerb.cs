namespace ProcessKit;

/// <summary>
/// The verb a command was run through. A synchronous twin (<see cref="Command.Run"/>) is its
/// verb (<see cref="Run"/>). <see cref="Output"/>, <see cref="Run"/>, <see cref="ExitCode"/> and
/// <see cref="Probe"/> reach a runner as its <see cref="IProcessRunner.OutputAsync"/> primitive,
/// which is told the verb it serves; <see cref="OutputBytes"/> and <see cref="Start"/> are the
/// other two primitives.
/// </summary>
public enum ProcessVerb
{
    /// <summary><c>OutputAsync</c>: everything that happened, as data.</summary>
    Output,

    /// <summary><c>OutputBytesAsync</c>: the same, with the output as bytes.</summary>
    OutputBytes,

    /// <summary><c>StartAsync</c>: the live process.</summary>
    Start,

    /// <summary><c>RunAsync</c>: the trimmed standard output, or an exception when it failed.</summary>
    Run,

    /// <summary><c>ExitCodeAsync</c>: the exit code.</summary>
    ExitCode,

    /// <summary><c>ProbeAsync</c>: yes or no, from exit code 0 or 1.</summary>
    Probe,
}
