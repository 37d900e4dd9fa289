using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Identity;

/// <summary>WithUser and KillOnParentDeath (Linux, through setpriv). The tests run as root here.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IdentityTests
{
    private const int Nobody = 65534;

    [LinuxFact]
    public async Task WithUser_runs_the_child_as_that_user_and_group_with_no_other_groups()
    {
        SkipUnlessRoot();
        var command = new Command("id").WithUser(Nobody, Nobody);

        Assert.Equal($"{Nobody}", await command.WithArguments("-u").RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"{Nobody}", await command.WithArguments("-g").RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"{Nobody}", await command.WithArguments("-G").RunAsync(TestContext.Current.CancellationToken));
    }

    [LinuxFact]
    public async Task WithUser_sets_exactly_the_supplementary_groups_given()
    {
        SkipUnlessRoot();
        var groups = await new Command("id", "-G").WithUser(Nobody, Nobody, 1, 2).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["1", "2", $"{Nobody}"], groups.Split(' ').Order(StringComparer.Ordinal));
    }

    [LinuxFact]
    public async Task WithUser_by_name_uses_the_user_database()
    {
        SkipUnlessRoot();
        var user = await new Command("id", "-un").WithUser("nobody").RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("nobody", user);
    }

    [LinuxFact]
    public void WithUser_names_an_unknown_user_before_anything_runs()
    {
        var error = Assert.Throws<ArgumentException>(() => new Command("id").WithUser("no-such-user-pk"));

        Assert.Equal("userName", error.ParamName);
        Assert.Contains("no-such-user-pk", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void WithUser_refuses_negative_ids() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Command("id").WithUser(-1, 0));

    [LinuxFact]
    public async Task A_switched_child_still_lands_in_its_container_and_is_stopped_with_it()
    {
        SkipUnlessRoot();
        await using var group = ProcessGroup.Create();
        var directory = Directory.CreateTempSubdirectory("pk-id-").FullName;
        try
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            // The child is /bin/sh, not the test helper: a clone under a folder that only root may
            // enter (/root, a 0700 home) keeps the helper out of reach of nobody, and the test then
            // failed on a fresh machine for a reason that has nothing to do with containment.
            var script = new Command("/bin/sh", "-c", "echo $$ > \"$0.tmp\" && mv \"$0.tmp\" \"$0\" && exec sleep 300", Path.Combine(directory, "pid"));
            var run = group.OutputAsync(script.WithUser(Nobody, Nobody), TestContext.Current.CancellationToken);
            var child = await ProcessAssert.WaitForPidFileAsync(Path.Combine(directory, "pid"), run);

            Assert.Contains(child.Pid, group.Members);
            Assert.Contains($"Uid:\t{Nobody}\t{Nobody}\t{Nobody}\t{Nobody}", await File.ReadAllTextAsync($"/proc/{child.Pid}/status", TestContext.Current.CancellationToken), StringComparison.Ordinal);
            await group.StopAsync(TimeSpan.FromSeconds(5), cancellationToken: TestContext.Current.CancellationToken);
            await ProcessAssert.GoneSoonAsync(child);
            Assert.Equal(15, (await run).Signal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public async Task KillOnParentDeath_sets_the_childs_parent_death_signal()
    {
        var with = await new Command(TestHelperProgram.Path, "print-pdeathsig").KillOnParentDeath().RunAsync(TestContext.Current.CancellationToken);
        var without = await new Command(TestHelperProgram.Path, "print-pdeathsig").RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("9", with);
        Assert.Equal("0", without);
    }

    [LinuxFact]
    public async Task KillOnParentDeath_children_survive_the_thread_that_asked_for_them()
    {
        // Spawned from a thread that ends at once: were the signal tied to it, the child would die.
        var directory = Directory.CreateTempSubdirectory("pk-pdeath-").FullName;
        try
        {
            await using var group = ProcessGroup.Create();
            Task<ProcessResult>? run = null;
            var thread = new Thread(() => run = group.OutputAsync(new Command(TestHelperProgram.Path, "write-pid", Path.Combine(directory, "pid"), "hang").KillOnParentDeath()));
            thread.Start();
            thread.Join();
            var child = await ProcessAssert.WaitForPidFileAsync(Path.Combine(directory, "pid"), run);

            Assert.True(child.IsRunning);
            Assert.False(run!.IsCompleted);
            group.KillAll();
            await ProcessAssert.GoneSoonAsync(child);
            Assert.Equal(9, (await run).Signal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void SkipUnlessRoot() =>
        Assert.SkipUnless(Environment.UserName == "root", "switching user needs root");
}
