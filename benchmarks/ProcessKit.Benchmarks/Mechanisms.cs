using System.Reflection;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The two Linux containment mechanisms as two BenchmarkDotNet jobs. ProcessKit picks the mechanism
/// from the <c>PROCESSKIT_MECHANISM</c> environment variable, and BenchmarkDotNet runs every
/// benchmark of a job in a child process started with that job's environment, so one run measures
/// both: <c>cgroup</c> (the variable empty: the default, cgroup v2 where a group can be created) and
/// <c>process-group</c> (<c>PROCESSKIT_MECHANISM=process-group</c>, the forced fallback).
/// </summary>
internal static class Mechanisms
{
    internal const string Variable = "PROCESSKIT_MECHANISM";
    internal const string CgroupJob = "cgroup";
    internal const string ProcessGroupJob = "process-group";

    /// <summary><paramref name="baseJob"/> once per mechanism.</summary>
    internal static Job[] Jobs(Job baseJob) =>
    [
        baseJob.WithId(CgroupJob).WithEnvironmentVariable(Variable, ""),
        baseJob.WithId(ProcessGroupJob).WithEnvironmentVariable(Variable, "process-group"),
    ];

    /// <summary>
    /// Throws unless the mechanism a group really gets in this process is the one the environment
    /// asks for: numbers labelled "cgroup" must not come from a silent fallback.
    /// </summary>
    internal static ContainmentMechanism Verify()
    {
        var expected = string.Equals(Environment.GetEnvironmentVariable(Variable), "process-group", StringComparison.OrdinalIgnoreCase)
            ? ContainmentMechanism.ProcessGroup
            : ContainmentMechanism.CgroupV2;
        using var group = ProcessGroup.Create();
        return group.Mechanism == expected
            ? expected
            : throw new InvalidOperationException($"Expected the {expected} mechanism, got {group.Mechanism}: {group.MechanismReason}");
    }

    /// <summary>For the config's filter: false when <paramref name="benchmark"/> is marked for another job.</summary>
    internal static bool Applies(BenchmarkCase benchmark) =>
        benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<OnlyUnderAttribute>() is not { } only ||
        string.Equals(only.JobId, benchmark.Job.Id, StringComparison.Ordinal);
}

/// <summary>Runs a benchmark only under the job named <see cref="JobId"/> (a raw reproduction of one mechanism's work).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OnlyUnderAttribute(string jobId) : Attribute
{
    public string JobId { get; } = jobId;
}
