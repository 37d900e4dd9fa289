using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Where a child cannot be started in its cgroup directly (no spawn library, a kernel that refuses
/// <c>clone3</c>), it joins its cgroup through the join program, and where that cannot run either,
/// through /bin/sh, with the same guarantees: it is in its container before its program runs, its
/// <c>argv[0]</c> is the program as given (except through the shell), and its tree is gone when the
/// run ends. <c>PROCESSKIT_CGROUP_JOIN=program</c> or <c>shell</c> forces each path; the variable
/// is this process's, so the tests run alone (<see cref="RunAlone"/>).
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(RunAlone.Name)]
public sealed class CgroupJoinFallbackTests : GroupTest
{
    [LinuxTheory]
    [InlineData("program")]
    [InlineData("shell")]
    public async Task Through_a_join_a_one_shot_runs_daemon_is_gone_when_the_verb_returns(string join)
    {
        using var joining = new JoinThrough(join);
        using var gate = new InputGate();
        var run = Helper("daemon", TempPath("daemon.pid"), "read-line", "out", "done").WithStandardInput(gate.Input).OutputAsync(Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(TempPath("daemon.pid"), run);

        gate.Release("go");
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal((0, "got: go\ndone\n"), (result.ExitCode, result.StandardOutput));
        await GoneAfterTeardownAsync(ProcessGroup.PredictMechanism().Mechanism, [daemon]);
    }

    [LinuxTheory]
    [InlineData("program")]
    [InlineData("shell")]
    public async Task Through_a_join_a_member_is_in_its_group_when_the_spawn_returns(string join)
    {
        using var joining = new JoinThrough(join);
        await using var group = ProcessGroup.Create();
        await using var member = await group.StartAsync(Track(new Command("sleep", "1000")), Token);

        Assert.Contains(member.Id, group.Members);
    }

    [LinuxFact]
    public async Task Through_the_join_program_the_child_receives_the_program_as_given_as_its_argv0()
    {
        using var joining = new JoinThrough("program");
        Assert.SkipWhen(CgroupJoinProgram.Path is null, "the join program was not built here (no gcc, or not x86-64)");

        Assert.Equal("sh", await Track(new Command("sh", "-c", "echo \"$0\"")).RunAsync(Token));
    }

    [LinuxTheory]
    [InlineData(null, "children start in their group (clone3 with CLONE_INTO_CGROUP)")]
    [InlineData("program", "children join their group through processkit-cgroup-join before their program runs: PROCESSKIT_CGROUP_JOIN asks for a join")]
    [InlineData("shell", "children join their group through /bin/sh (argv[0] becomes the resolved path) before their program runs: PROCESSKIT_CGROUP_JOIN asks for a join")]
    public void The_prediction_says_how_children_get_into_their_cgroup(string? join, string entry)
    {
        using var joining = new JoinThrough(join);
        Assert.SkipUnless(ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2, "the mechanism here is not cgroup v2");
        Assert.SkipWhen(CgroupSpawnLibrary.Load(NativeAssetDirectories.Search()) == 0 || CgroupJoinProgram.Find(NativeAssetDirectories.Search()) is null, "the native pieces were not built here (no gcc, or not x86-64)");

        Assert.EndsWith(entry, ProcessGroup.PredictMechanism().Reason.Split("; limits")[0], StringComparison.Ordinal);
    }

    /// <summary>Sets <c>PROCESSKIT_CGROUP_JOIN</c> for this process until disposed.</summary>
    private sealed class JoinThrough : IDisposable
    {
        internal JoinThrough(string? join) => Environment.SetEnvironmentVariable(CgroupJoinProgram.Variable, join);

        public void Dispose() => Environment.SetEnvironmentVariable(CgroupJoinProgram.Variable, null);
    }
}
