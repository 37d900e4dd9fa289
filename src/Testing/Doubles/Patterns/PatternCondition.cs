namespace ProcessKit.Testing;

/// <summary>A condition of a <see cref="CommandPattern"/> beyond program and arguments (directory, environment, input, a predicate).</summary>
/// <param name="Description">How the pattern shows it, e.g. "in /repo".</param>
/// <param name="Test">True when the command satisfies it.</param>
/// <param name="Explain">Why a command does not satisfy it, without showing secret values.</param>
internal sealed record PatternCondition(string Description, Func<Command, bool> Test, Func<Command, string> Explain);
