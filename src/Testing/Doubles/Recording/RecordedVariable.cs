namespace ProcessKit.Testing;

/// <summary>An environment variable a recorded command set or removed.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="IsRemoved">True when the command removed it (<see cref="Command.WithoutEnvironment"/>).</param>
/// <param name="Value">
/// The value it was set to, only when <see cref="RecordingRunnerOptions.RecordEnvironmentValues"/>
/// is on and the name does not look secret; null otherwise.
/// </param>
/// <param name="IsSecret">True when the name looks secret (<see cref="SecretNames.LooksSecret"/> or a name the options add): its value is never recorded.</param>
public sealed record RecordedVariable(string Name, bool IsRemoved, string? Value, bool IsSecret)
{
    /// <summary>Shows the name and, if recorded, the value; never a secret.</summary>
    public override string ToString() => IsRemoved ? "-" + Name : Value is null ? Name : Name + "=" + Value;
}
