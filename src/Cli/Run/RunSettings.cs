namespace ProcessKit.Cli;

/// <summary>What <c>processkit run</c> was asked to do.</summary>
/// <param name="Program">The program, a name looked up on PATH or a path.</param>
/// <param name="Arguments">Its arguments, passed verbatim.</param>
/// <param name="Grace">How long leftover processes get after SIGTERM before SIGKILL.</param>
/// <param name="Settle">How long processes still running when the program exits get to end on their own before they count as left behind.</param>
/// <param name="FailOnLeak">Whether a leftover process makes the exit code <see cref="ExitCodes.Leak"/>.</param>
internal sealed record RunSettings(string Program, IReadOnlyList<string> Arguments, TimeSpan Grace, TimeSpan Settle, bool FailOnLeak);
