using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Where the cgroup join program cannot be used, a contained child joins its cgroup through
/// /bin/sh instead, with the same guarantees: it is in its container before its program runs, and
/// its tree is gone when the run ends. <c>PROCESSKIT_CGROUP_JOIN=shell</c> forces that path; the
/// variable is this process's, so the tests run alone (<see cref="RunAlone"/>).
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(RunAlone.Name)]
public sealed class CgroupJoinFallbackTests : GroupTest
{
    [LinuxFact]
    public async Task Through_the_shell_a_one_shot_runs_daemon_is_gone_when_the_verb_returns()
    {
        using var shell = new JoinThroughShell();
        using var gate = new InputGate();
        var run = Helper("daemon", TempPath("daemon.pid"), "read-line", "out", "done").WithStandardInput(gate.Input).OutputAsync(Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(TempPath("daemon.pid"), run);

        gate.Release("go");
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal((0, "got: go\ndone\n"), (result.ExitCode, result.StandardOutput));
        await GoneAfterTeardownAsync(ProcessGroup.PredictMechanism().Mechanism, [daemon]);
    }

    [LinuxFact]
    public async Task Through_the_shell_a_member_is_in_its_group_when_the_spawn_returns()
    {
        using var shell = new JoinThroughShell();
        await using var group = ProcessGroup.Create();
        await using var member = await group.StartAsync(Track(new Command("sleep", "1000")), Token);

        Assert.Contains(member.Id, group.Members);
    }

    /// <summary>Sets <c>PROCESSKIT_CGROUP_JOIN=shell</c> for this process until disposed.</summary>
    private sealed class JoinThroughShell : IDisposable
    {
        internal JoinThroughShell() => Environment.SetEnvironmentVariable(CgroupJoinProgram.Variable, "shell");

        public void Dispose() => Environment.SetEnvironmentVariable(CgroupJoinProgram.Variable, null);
    }
}
