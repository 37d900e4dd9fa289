using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The plan a spawner receives is resolved from the command in one place: the program on the
/// command's PATH, its arguments, environment and directory, and the <c>setpriv</c> chain
/// (<see cref="PrivilegeChain"/>) a user switch or a parent-death signal needs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SpawnPlanTests
{
    private const int Nobody = 65534;

    [LinuxFact]
    public void A_plain_command_is_resolved_without_a_privilege_chain()
    {
        var directory = Path.GetTempPath();
        var plan = SpawnPlan.For(new Command("sh", "-c", "true").WithWorkingDirectory(directory).WithEnvironment("PK_PLAN", "yes"));

        Assert.Equal("sh", plan.Program);
        Assert.Equal(["-c", "true"], plan.Arguments);
        Assert.True(Path.IsPathFullyQualified(plan.ExecutablePath));
        Assert.Equal("sh", Path.GetFileName(plan.ExecutablePath));
        Assert.Equal(directory, plan.WorkingDirectory);
        Assert.Equal("yes", plan.Environment["PK_PLAN"]);
        Assert.Null(plan.Privileges);
        Assert.False(plan.KillsOnParentDeath);
    }

    [LinuxFact]
    public void A_command_with_credentials_and_a_parent_death_signal_holds_the_resolved_setpriv_chain()
    {
        SkipUnlessRoot();
        var plan = SpawnPlan.For(new Command("id", "-u").WithUser(Nobody, Nobody, 1, 2).KillOnParentDeath());

        Assert.Equal("id", plan.Program);
        Assert.Equal(["-u"], plan.Arguments);
        Assert.Equal("id", Path.GetFileName(plan.ExecutablePath));
        var privileges = Assert.IsType<PrivilegeChain>(plan.Privileges);
        Assert.True(Path.IsPathFullyQualified(privileges.SetprivPath));
        Assert.Equal("setpriv", Path.GetFileName(privileges.SetprivPath));
        Assert.Equal([$"--reuid={Nobody}", $"--regid={Nobody}", "--groups=1,2", "--pdeathsig=KILL"], privileges.Options);
        Assert.True(plan.KillsOnParentDeath);

        // The child execs setpriv, which execs the resolved program with the command's arguments.
        var (path, program, arguments) = privileges.Wrap(plan.ExecutablePath, plan.Arguments);
        Assert.Equal(privileges.SetprivPath, path);
        Assert.Equal("setpriv", program);
        Assert.Equal([.. privileges.Options, "--", plan.ExecutablePath, "-u"], arguments);
    }

    [LinuxFact]
    public void The_groups_option_follows_how_the_user_was_given()
    {
        SkipUnlessRoot();

        Assert.Equal([$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups"], SpawnPlan.For(new Command("id").WithUser(Nobody, Nobody)).Privileges!.Options);
        Assert.Equal("--init-groups", SpawnPlan.For(new Command("id").WithUser("nobody")).Privileges!.Options[2]);
        Assert.Equal(["--pdeathsig=KILL"], SpawnPlan.For(new Command("id").KillOnParentDeath()).Privileges!.Options);
    }

    [LinuxFact]
    public void Setpriv_is_found_on_this_process_PATH_not_on_the_PATH_the_command_gives_its_child()
    {
        var sh = SpawnPlan.For(new Command("sh")).ExecutablePath;
        var plan = SpawnPlan.For(new Command(sh).WithEnvironment("PATH", "/nonexistent-pk").KillOnParentDeath());

        Assert.Equal(sh, plan.ExecutablePath);
        Assert.Equal("setpriv", Path.GetFileName(plan.Privileges!.SetprivPath));
    }

    private static void SkipUnlessRoot() =>
        Assert.SkipUnless(Environment.UserName == "root", "switching user needs root");
}
