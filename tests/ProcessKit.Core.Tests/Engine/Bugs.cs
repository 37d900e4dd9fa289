namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Known bugs of src/Core that some engine tests skip on, so the suite stays green while the
/// test still states the right behaviour (and still runs where the bug does not apply).
/// </summary>
internal static class Bugs
{
    /// <summary>
    /// Under cgroup v2 the child joins its cgroup itself: posix_spawn starts /bin/sh running
    /// PosixSpawner.CgroupJoinScript, which writes itself into cgroup.procs and then execs the program.
    /// </summary>
    public static bool JoinsCgroupAfterSpawn => ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2;

    public const string CgroupShellShim =
        "bug: with cgroup v2 the child starts as /bin/sh running PosixSpawner.CgroupJoinScript ('exec \"$@\"' with the resolved path first), so ";

    public const string CgroupKillAfterTeardown =
        "bug: with cgroup v2, CgroupMember.SignalTree kills the unreaped leader by pid and only then writes cgroup.kill (CgroupDirectory.KillAll), " +
        "outside any lock: the killed leader can be reaped and the run can finish and remove its cgroup in between, and the write then throws " +
        "(DirectoryNotFoundException or IOException 'No such device' for .../cgroup.kill) out of the timeout timer's callback (ProcessExecution.OnTimeout; " +
        "with TimeProvider.System an unhandled exception on a timer thread) or out of CancellationTokenSource.Cancel (OnCancelled). " +
        "This test hits it about once in ten runs.";
}
