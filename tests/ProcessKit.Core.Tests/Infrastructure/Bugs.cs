namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Known limitations of src/Core that some engine tests skip on, so the suite stays green while
/// the test still states the right behaviour (and still runs where the limitation does not apply).
/// </summary>
internal static class Bugs
{
    /// <summary>
    /// Under cgroup v2 the child is started in its cgroup (CgroupSpawnLibrary) or joins it itself
    /// (CgroupJoinProgram, or /bin/sh running PosixSpawner.CgroupJoinScript) before its program runs.
    /// </summary>
    public static bool JoinsCgroupAfterSpawn => ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2;

    /// <summary>
    /// As <see cref="JoinsCgroupAfterSpawn"/>, where the join goes through the /bin/sh fallback: the
    /// child cannot be started in its group (CgroupSpawnLibrary), and the join program
    /// (CgroupJoinProgram) is absent, cannot be executed, or PROCESSKIT_CGROUP_JOIN=shell.
    /// </summary>
    public static bool JoinsCgroupThroughShell =>
        JoinsCgroupAfterSpawn && OperatingSystem.IsLinux() && !CgroupSpawnLibrary.IsAvailable && CgroupJoinProgram.Path is null;

    public const string CgroupShellShim =
        "known limitation of the /bin/sh join fallback: with cgroup v2 and no join program the child starts as /bin/sh running PosixSpawner.CgroupJoinScript ('exec \"$@\"' with the resolved path first), so ";
}
