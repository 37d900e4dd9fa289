namespace ProcessKit.Cli;

/// <summary>
/// The exit codes the tool chooses itself. Otherwise <c>processkit run</c> exits with the
/// program's own code, or 128 + the signal that killed it, as a shell does.
/// </summary>
internal static class ExitCodes
{
    /// <summary><c>--fail-on-leak</c> was given and the program left processes behind.</summary>
    internal const int Leak = 3;

    /// <summary>The tool itself failed: a bad command line, or a group that could not be made (as <c>env</c> and <c>timeout</c> use 125).</summary>
    internal const int ToolFailure = 125;

    /// <summary>The program exists but could not be executed (as in a shell).</summary>
    internal const int CannotExecute = 126;

    /// <summary>The program was not found (as in a shell).</summary>
    internal const int NotFound = 127;

    /// <summary>Added to the number of the signal that killed the program (as in a shell).</summary>
    internal const int SignalBase = 128;
}
