namespace ProcessKit.Testing;

/// <summary>What a <see cref="RecordingRunner"/> keeps of each call beyond the defaults.</summary>
public sealed record RecordingRunnerOptions
{
    /// <summary>
    /// Record the values of the environment variables a command sets (off by default: only names
    /// are recorded). Values of secret-looking names (<see cref="SecretNames.LooksSecret"/>) and of
    /// <see cref="SecretVariableNames"/> are never recorded.
    /// </summary>
    public bool RecordEnvironmentValues { get; init; }

    /// <summary>More variable names whose values are secret, compared exactly (ignoring case on Windows).</summary>
    public IReadOnlyCollection<string> SecretVariableNames { get; init; } = [];
}
