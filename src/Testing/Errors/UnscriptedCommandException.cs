namespace ProcessKit.Testing;

/// <summary>
/// A strict <see cref="ScriptedRunner"/> was asked to run a command that none of its rules answers
/// and that it may not pass through. The message shows the command and the nearest rules with why
/// each did not match (or that its replies were used up). Catch it as <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class UnscriptedCommandException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="command">The command no rule answered.</param>
    /// <param name="nearestRules">The nearest rules, each with why it did not match, nearest first.</param>
    /// <param name="message">The full message.</param>
    public UnscriptedCommandException(Command command, IReadOnlyList<string> nearestRules, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(nearestRules);
        Command = command;
        NearestRules = nearestRules;
    }

    /// <summary>The command no rule answered.</summary>
    public Command Command { get; }

    /// <summary>The nearest rules, each with why it did not match, nearest first (at most three).</summary>
    public IReadOnlyList<string> NearestRules { get; }
}
