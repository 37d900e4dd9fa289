using ProcessKit;

namespace Integration.NUnit.Scenarios;

/// <summary>A command run without a token, in a test whose token [CancelAfter] cancels.</summary>
public sealed class CancellationScenarios
{
    /// <summary>Marks the scenario's process, so that the outer test can look for it.</summary>
    public const string MarkerVariable = "PROCESSKIT_NUNIT_SCENARIO";

    [Test]
    [CancelAfter(500)]
    public async Task Runs_a_command_longer_than_allowed() =>
        await new Command("sleep", "300").WithEnvironment(MarkerVariable, "cancel-after").RunAsync();
}
