namespace ProcessKit;

/// <summary>
/// Tells a runner which derived verb (<see cref="ProcessVerb.Run"/>, <see cref="ProcessVerb.ExitCode"/>,
/// <see cref="ProcessVerb.Probe"/>) a call to its <see cref="IProcessRunner.OutputAsync"/> primitive
/// serves: the verb and its command are held in this async flow for the call, and only for that
/// command, so a command the runner itself runs meanwhile is not taken for it.
/// </summary>
internal static class VerbContext
{
    private static readonly AsyncLocal<(Command Command, ProcessVerb Verb)?> Current = new();

    /// <summary>Calls <paramref name="runner"/>'s <see cref="IProcessRunner.OutputAsync"/> for <paramref name="verb"/>.</summary>
    internal static Task<ProcessResult> OutputAsync(IProcessRunner runner, ProcessVerb verb, Command command, CancellationToken cancellationToken)
    {
        var outer = Current.Value;
        Current.Value = (command, verb);
        try
        {
            // The runner's async method captures this flow's values when it first waits, so the
            // verb is still there after its awaits; the caller's flow gets its own value back now.
            return runner.OutputAsync(command, cancellationToken);
        }
        finally
        {
            Current.Value = outer;
        }
    }

    /// <summary>The verb <paramref name="command"/> is being run through in this async flow, or null when a primitive was called directly.</summary>
    internal static ProcessVerb? Of(Command command) =>
        Current.Value is { } current && ReferenceEquals(current.Command, command) ? current.Verb : null;
}
