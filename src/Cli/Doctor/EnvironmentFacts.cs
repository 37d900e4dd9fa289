using System.Text.Json.Serialization;

namespace ProcessKit.Cli.Doctor;

/// <summary>The environment variables that steer which mechanism a group gets; null when unset.</summary>
/// <param name="ProcesskitMechanism"><c>PROCESSKIT_MECHANISM</c>: <c>process-group</c> forces the fallback.</param>
/// <param name="ProcesskitCgroupParent"><c>PROCESSKIT_CGROUP_PARENT</c>: a delegated cgroup to create groups under.</param>
internal sealed record EnvironmentFacts(
    [property: JsonPropertyName(EnvironmentFacts.MechanismVariable)] string? ProcesskitMechanism,
    [property: JsonPropertyName(CgroupFacts.ParentVariable)] string? ProcesskitCgroupParent)
{
    /// <summary>Set to <c>process-group</c> to force the POSIX process-group backend on Linux.</summary>
    internal const string MechanismVariable = "PROCESSKIT_MECHANISM";

    /// <summary>Reads the variables now.</summary>
    internal static EnvironmentFacts Read() => new(
        Environment.GetEnvironmentVariable(MechanismVariable),
        Environment.GetEnvironmentVariable(CgroupFacts.ParentVariable));
}
