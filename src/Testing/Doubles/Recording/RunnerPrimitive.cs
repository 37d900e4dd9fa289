namespace ProcessKit.Testing;

/// <summary>
/// The <see cref="IProcessRunner"/> primitive a call came through. The derived verbs
/// (<c>RunAsync</c>, <c>ExitCodeAsync</c>, <c>ProbeAsync</c> and their synchronous twins) reach a
/// runner as <see cref="Output"/>.
/// </summary>
public enum RunnerPrimitive
{
    /// <summary><see cref="IProcessRunner.OutputAsync"/>: run to the end, output as text.</summary>
    Output,

    /// <summary><see cref="IProcessRunner.OutputBytesAsync"/>: run to the end, output as bytes.</summary>
    OutputBytes,

    /// <summary><see cref="IProcessRunner.StartAsync"/>: start and return the live process.</summary>
    Start,
}
