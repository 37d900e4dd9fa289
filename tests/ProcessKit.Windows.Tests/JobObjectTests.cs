using System.Diagnostics;
using System.Runtime.Versioning;
using ProcessKit.Windows.Tests.Infrastructure;

namespace ProcessKit.Windows.Tests;

/// <summary>The Job Object backend: private runs, groups, nesting, limits, suspension, and a host that dies.</summary>
[SupportedOSPlatform("windows")]
public sealed class JobObjectTests
{
    private static readonly TimeSpan GoneWithin = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [WindowsFact]
    public void The_mechanism_is_a_Job_Object()
    {
        Assert.Equal(ContainmentMechanism.JobObject, ProcessGroup.PredictMechanism().Mechanism);
        using var group = ProcessGroup.Create();
        Assert.Equal(ContainmentMechanism.JobObject, group.Mechanism);
        Assert.Contains("Job Object", group.MechanismReason, StringComparison.Ordinal);
    }

    [WindowsFact]
    public async Task A_timeout_kills_the_whole_tree()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("grandchild.pid");
        var result = await WindowsHelper.Command("grandchild", pidFile, "hang").WithTimeout(TimeSpan.FromSeconds(3)).OutputAsync(Token);
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.True(await WindowsProcesses.WaitUntilGoneAsync(await WindowsProcesses.ReadPidAsync(pidFile), GoneWithin), "the grandchild outlived the timeout");
    }

    [WindowsFact]
    public async Task A_private_run_kills_what_its_leader_left_behind()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("grandchild.pid");
        var result = await WindowsHelper.Command("grandchild", pidFile, "out", "leader done").OutputAsync(Token);
        Assert.Equal(0, result.ExitCode);
        var grandchild = await WindowsProcesses.ReadPidAsync(pidFile);
        Assert.False(WindowsProcesses.IsAlive(grandchild), "the grandchild outlived its private run");
    }

    [WindowsFact]
    public async Task A_grandchild_started_by_cmd_start_is_contained()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("started.pid");
        var helper = WindowsHelper.Executable;

        // cmd starts the helper in the background (start /b), then runs a second helper that
        // hangs: the timeout must reach the process start left behind, whose parent is gone.
        var result = await new Command("cmd.exe", "/c", "start", "", "/b", helper, WindowsHelper.Verb, "write-pid", pidFile, "hang", "&", helper, WindowsHelper.Verb, "hang")
            .WithStandardOutput(OutputTarget.Discard).WithStandardError(OutputTarget.Discard)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .OutputAsync(Token);
        Assert.True(result.TimedOut);
        var started = await WindowsProcesses.ReadPidAsync(pidFile, TimeSpan.FromSeconds(1));
        Assert.True(await WindowsProcesses.WaitUntilGoneAsync(started, GoneWithin), "the process cmd started outlived the run");
    }

    [WindowsFact]
    public async Task A_group_lists_its_members_and_kills_them_all()
    {
        using var temp = new TempDirectory();
        await using var group = ProcessGroup.Create();
        var run = group.OutputAsync(WindowsHelper.Command("grandchild", temp.File("grandchild.pid"), "write-pid", temp.File("member.pid"), "hang"), Token);
        var member = await WindowsProcesses.ReadPidAsync(temp.File("member.pid"));
        var grandchild = await WindowsProcesses.ReadPidAsync(temp.File("grandchild.pid"));

        var members = group.Members;
        Assert.Contains(member, members);
        Assert.Contains(grandchild, members);
        Assert.True(group.Stats().ActiveProcesses >= 2);

        group.KillAll();
        var result = await run;
        Assert.Equal(9, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.True(await WindowsProcesses.WaitUntilGoneAsync(grandchild, GoneWithin));
        Assert.Empty(group.Members);

        // The group stays usable.
        Assert.Equal("again", await group.RunAsync(WindowsHelper.Command("out", "again"), Token));
    }

    [WindowsFact]
    public async Task One_members_timeout_kills_only_its_own_tree()
    {
        using var temp = new TempDirectory();
        await using var group = ProcessGroup.Create();
        var survivor = group.OutputAsync(WindowsHelper.Command("write-pid", temp.File("survivor.pid"), "hang"), Token);
        var survivorPid = await WindowsProcesses.ReadPidAsync(temp.File("survivor.pid"));

        var timedOut = await group.OutputAsync(
            WindowsHelper.Command("grandchild", temp.File("victim.pid"), "hang").WithTimeout(TimeSpan.FromSeconds(3)), Token);
        Assert.True(timedOut.TimedOut);
        Assert.True(await WindowsProcesses.WaitUntilGoneAsync(await WindowsProcesses.ReadPidAsync(temp.File("victim.pid")), GoneWithin));
        Assert.True(WindowsProcesses.IsAlive(survivorPid), "the other member was killed too");

        var report = await group.StopAsync(cancellationToken: Token);
        Assert.True(report.Escalated);
        Assert.Empty(report.MembersAfter);
        Assert.Equal(9, (await survivor).Signal);
    }

    [WindowsFact]
    public async Task Only_a_kill_can_be_signalled()
    {
        using var temp = new TempDirectory();
        await using var group = ProcessGroup.Create();
        var run = group.OutputAsync(WindowsHelper.Command("write-pid", temp.File("member.pid"), "hang"), Token);
        await WindowsProcesses.ReadPidAsync(temp.File("member.pid"));

        Assert.Throws<PlatformNotSupportedException>(() => group.Signal(15));
        group.Signal(9);
        Assert.Equal(9, (await run).Signal);
    }

    [WindowsFact]
    public async Task Dispose_kills_every_process()
    {
        using var temp = new TempDirectory();
        var group = ProcessGroup.Create();
        var run = group.OutputAsync(WindowsHelper.Command("grandchild", temp.File("grandchild.pid"), "hang"), Token);
        var grandchild = await WindowsProcesses.ReadPidAsync(temp.File("grandchild.pid"));

        await group.DisposeAsync();
        Assert.Equal(9, (await run).Signal);
        Assert.True(await WindowsProcesses.WaitUntilGoneAsync(grandchild, GoneWithin));
    }

    [WindowsFact]
    public async Task Suspend_holds_every_thread_still_until_resume()
    {
        using var temp = new TempDirectory();
        var ticks = temp.File("ticks.txt");
        await using var group = ProcessGroup.Create();
        _ = group.OutputAsync(WindowsHelper.Command("tick", ticks), Token);
        await WaitForGrowthAsync(ticks, 0);

        group.Suspend();
        await Task.Delay(100, Token); // a write in flight lands
        var frozen = new FileInfo(ticks).Length;
        await Task.Delay(600, Token);
        Assert.Equal(frozen, new FileInfo(ticks).Length);

        group.Resume();
        await WaitForGrowthAsync(ticks, frozen);
    }

    [WindowsFact]
    public async Task Stats_count_processes_and_cpu()
    {
        await using var group = ProcessGroup.Create();
        await group.RunAsync(WindowsHelper.Command("spin", "500"), Token);
        var stats = group.Stats();
        Assert.Equal(0, stats.ActiveProcesses);
        Assert.Null(stats.PeakProcesses);
        if (WindowsProcesses.IsWine)
        {
            // Wine reports zero CPU and memory whatever ran: unknown, so null.
            Assert.Null(stats.TotalCpuTime);
            Assert.Null(stats.PeakMemoryBytes);
        }
        else
        {
            Assert.True(stats.TotalCpuTime >= TimeSpan.FromMilliseconds(300), $"CPU time {stats.TotalCpuTime}");
            Assert.True(stats.PeakMemoryBytes > 0);
        }
    }

    [WindowsFact]
    public async Task A_process_limit_is_enforced_or_refused_under_Wine()
    {
        var limits = new ProcessGroupOptions { Limits = new ResourceLimits(maxProcesses: 2) };
        if (WindowsProcesses.IsWine)
        {
            Assert.Contains("Wine", Assert.Throws<ResourceLimitException>(() => ProcessGroup.Create(limits)).Message, StringComparison.Ordinal);
            return;
        }

        using var temp = new TempDirectory();
        await using var group = ProcessGroup.Create(limits);

        // Output to files: the children a Windows program starts inherit its inheritable handles,
        // so a pipe would stay open as long as they run.
        await group.ExitCodeAsync(WindowsHelper.Command("spawn", "3").WithStandardOutput(OutputTarget.ToFile(temp.File("out.txt"))).WithStandardError(OutputTarget.Discard), Token);
        using var reader = new StreamReader(new FileStream(temp.File("out.txt"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("spawned 1\n", await reader.ReadToEndAsync(Token));
    }

    [WindowsFact]
    public async Task A_memory_limit_is_enforced_or_refused_under_Wine()
    {
        var limits = new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: 256L * 1024 * 1024) };
        if (WindowsProcesses.IsWine)
        {
            Assert.Contains("Wine", Assert.Throws<ResourceLimitException>(() => ProcessGroup.Create(limits)).Message, StringComparison.Ordinal);
            return;
        }

        await using var group = ProcessGroup.Create(limits);
        var result = await group.OutputAsync(WindowsHelper.Command("alloc", "512"), Token);
        Assert.Equal(3, result.ExitCode);
    }

    [WindowsFact]
    public async Task A_cpu_limit_is_enforced_or_refused()
    {
        ProcessGroup group;
        try
        {
            group = ProcessGroup.Create(new ProcessGroupOptions { Limits = new ResourceLimits(cpuCores: 0.25) });
        }
        catch (ResourceLimitException e)
        {
            Assert.Contains("CPU rate control", e.Message, StringComparison.Ordinal);
            return;
        }

        await using (group)
        {
            var wall = Stopwatch.StartNew();
            await group.RunAsync(WindowsHelper.Command("spin", "1000"), Token);
            wall.Stop();
            var cpu = group.Stats().TotalCpuTime!.Value;
            Assert.True(cpu.TotalMilliseconds <= (wall.Elapsed.TotalMilliseconds * 0.25 * 1.5) + 200, $"CPU {cpu} in {wall.Elapsed} with a quarter core");
        }
    }

    [WindowsFact]
    public async Task A_dead_host_takes_its_group_with_it()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("member.pid");
        var info = new ProcessStartInfo(WindowsHelper.Executable) { UseShellExecute = false };
        info.ArgumentList.Add(WindowsHelper.Verb);
        info.ArgumentList.Add("host");
        info.ArgumentList.Add(pidFile);
        using var host = Process.Start(info)!; // outside every job of this test process
        try
        {
            var member = await WindowsProcesses.ReadPidAsync(pidFile);
            host.Kill(entireProcessTree: false);
            Assert.True(await WindowsProcesses.WaitUntilGoneAsync(member, GoneWithin), "the member outlived its host");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitForGrowthAsync(string file, long beyond)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(file) || new FileInfo(file).Length <= beyond)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{file} did not grow beyond {beyond} bytes");
            await Task.Delay(20);
        }
    }
}
