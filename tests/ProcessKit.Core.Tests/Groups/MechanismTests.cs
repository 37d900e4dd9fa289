using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// The mechanism a group reports is the one really in use, it is what
/// <see cref="ProcessGroup.PredictMechanism"/> said it would be, and the reason says why.
/// </summary>
public sealed class MechanismTests : GroupTest
{
    private const string MechanismVariable = "PROCESSKIT_MECHANISM";

    [LinuxFact]
    public async Task The_prediction_matches_the_mechanism_of_a_created_group()
    {
        var prediction = ProcessGroup.PredictMechanism();
        await using var group = ProcessGroup.Create();

        Assert.Equal(prediction.Mechanism, group.Mechanism);
        Assert.False(string.IsNullOrWhiteSpace(prediction.Reason));
        Assert.False(string.IsNullOrWhiteSpace(group.MechanismReason));
        Assert.NotEqual(ContainmentMechanism.JobObject, group.Mechanism);
    }

    [LinuxFact]
    public async Task The_reason_names_what_decided_the_mechanism()
    {
        await using var group = ProcessGroup.Create();

        if (string.Equals(Environment.GetEnvironmentVariable(MechanismVariable), "process-group", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal(ContainmentMechanism.ProcessGroup, group.Mechanism);
            Assert.Contains(MechanismVariable, group.MechanismReason, StringComparison.Ordinal);
            Assert.Contains(MechanismVariable, ProcessGroup.PredictMechanism().Reason, StringComparison.Ordinal);
        }
        else if (group.Mechanism == ContainmentMechanism.CgroupV2)
        {
            Assert.NotNull(CgroupProbe.Mount);
            Assert.Contains(CgroupProbe.Mount, group.MechanismReason, StringComparison.Ordinal);
        }
        else
        {
            // A fallback without being forced: the reason says what stood in the way.
            Assert.DoesNotContain(MechanismVariable, group.MechanismReason, StringComparison.Ordinal);
        }
    }

    [LinuxFact]
    [SupportedOSPlatform("linux")]
    public async Task A_cgroup_v2_group_is_a_private_directory_that_dispose_removes()
    {
        var group = ProcessGroup.Create();
        string? directory;
        try
        {
            Assert.SkipUnless(group.Mechanism == ContainmentMechanism.CgroupV2, $"the group uses {group.Mechanism}");
            var run = StartMember(group, Member(TempPath("leader.pid"), "hang"));
            var leader = await ProcessAssert.WaitForPidFileAsync(TempPath("leader.pid"), run);

            directory = CgroupProbe.GroupDirectoryOf(leader.Pid);
            Assert.NotNull(directory);
            Assert.StartsWith(CgroupProbe.Mount + "/", directory, StringComparison.Ordinal);
            Assert.Matches($"^{CgroupProbe.OurPrefix}[0-9]+$", Path.GetFileName(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Contains(directory, CgroupProbe.OurGroupDirectories());
        }
        finally
        {
            await group.DisposeAsync();
        }

        Assert.False(Directory.Exists(directory), $"{directory} should be removed");
    }
}
