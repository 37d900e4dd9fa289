using System.Globalization;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// The process-group mechanism's <c>/proc</c> sweep reads only the processes created since its
/// container existed (<see cref="CreatedSince"/>): the pids the kernel handed out since, where that
/// is provable, and the processes that started since. The sweep must still find every marked
/// process created since (a double-forked daemon in a new session among them), and never one that
/// existed before, marker or not.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CreatedSinceTests : SpawningTest
{
    private static int PidMax => int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max"), CultureInfo.InvariantCulture);

    [LinuxFact]
    public async Task The_sweep_finds_a_double_forked_daemon_created_since_and_never_a_marked_process_from_before()
    {
        await using var before = await Helper("hang").StartAsync(Token);
        var since = CreatedSince.Mark();
        using var gate = new InputGate();
        var pidFile = TempPath("daemon.pid");
        var run = Helper("daemon", pidFile, "read-line").WithStandardInput(gate.Input).OutputAsync(Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(pidFile, run);
        Assert.NotEqual(ProcStat.Read(Environment.ProcessId)!.SessionId, ProcStat.Read(daemon.Pid)!.SessionId);

        var found = ProcfsScanner.Find([], MarkerVariable + "=" + Marker, prefix: false, since);

        Assert.Contains(daemon.Pid, found);
        Assert.DoesNotContain(before.Id, found);
        gate.Release("go");
        Assert.Equal(0, (await run.WaitAsync(ProcessAssert.WaitLimit, Token)).ExitCode);
        await ProcessAssert.GoneSoonAsync(daemon);
    }

    [LinuxFact]
    public void A_short_interval_is_counted_out_across_the_wrap()
    {
        Assert.Equal([32761, 32762, 32763, 32764, 32765, 32766, 32767, 1, 2, 3], CreatedSince.Interval(32760, 3, 32768, probeLimit: 64));
        Assert.Equal([101, 102], CreatedSince.Interval(100, 102, 32768, probeLimit: 64));
        Assert.Empty(CreatedSince.Interval(100, 100, 32768, probeLimit: 64));
    }

    [LinuxFact]
    public void A_wide_interval_is_filtered_from_a_listing_of_proc()
    {
        var pid = Environment.ProcessId;

        Assert.Equal([pid], CreatedSince.Interval(pid - 1, pid, PidMax, probeLimit: 0));
        Assert.Contains(pid, CreatedSince.Interval(pid + 1, pid, PidMax, probeLimit: 0)); // wraps: every pid but pid + 1
        Assert.DoesNotContain(pid, CreatedSince.Interval(pid, pid + 1000, PidMax, probeLimit: 0));
        Assert.DoesNotContain(pid, CreatedSince.Interval(pid + 1, pid - 1, PidMax, probeLimit: 0));
    }

    [LinuxFact]
    public void A_thread_counted_out_with_the_pids_is_not_taken_for_a_process()
    {
        // /proc/<tid> of another thread shows its process's group and environment: the sweep must not count it.
        var self = Environment.ProcessId;
        var thread = Directory.EnumerateDirectories($"/proc/{self}/task").Select(path => int.Parse(Path.GetFileName(path), CultureInfo.InvariantCulture)).First(tid => tid != self);

        Assert.NotNull(ProcfsScanner.ReadStat(thread));
        Assert.True(ProcfsScanner.LeadsThreadGroup(self));
        Assert.False(ProcfsScanner.LeadsThreadGroup(thread));
        Assert.False(ProcfsScanner.LeadsThreadGroup(int.MaxValue));
    }

    [LinuxFact]
    public void The_pid_bound_is_dropped_when_the_forks_since_could_have_gone_round_the_pid_space()
    {
        var mark = new CreatedSince.Counters(Forks: 1000, Tasks: 500, LastPid: 20000, PidMax: 32768);

        Assert.False(CreatedSince.MayHaveGoneRound(mark, mark with { Forks = 1100, LastPid = 20100 }));
        Assert.False(CreatedSince.MayHaveGoneRound(mark, mark with { Forks = 10000, LastPid = 400 }));

        // 2 (forks + tasks now) + tasks at the mark reaches the 32468 pids of the ring.
        Assert.True(CreatedSince.MayHaveGoneRound(mark, mark with { Forks = 1000 + 15500, LastPid = 20100 }));
        Assert.True(CreatedSince.MayHaveGoneRound(mark, mark with { Forks = 1100, Tasks = 16000 }));
        Assert.True(CreatedSince.MayHaveGoneRound(mark, mark with { PidMax = 1000 }));
        Assert.True(CreatedSince.MayHaveGoneRound(mark, mark with { Forks = 999 }));
    }

    [LinuxFact]
    public void The_load_average_gives_the_tasks_and_the_last_pid()
    {
        Assert.True(CreatedSince.Counters.TryParseLoadAverage("0.52 0.58 0.59 2/1234 56789\n"u8, out var tasks, out var lastPid));
        Assert.Equal((1234, 56789), (tasks, lastPid));
        Assert.False(CreatedSince.Counters.TryParseLoadAverage("0.52 0.58 0.59"u8, out _, out _));
        Assert.NotNull(CreatedSince.Counters.Read(forksFirst: true));
    }

    [LinuxFact]
    public async Task The_stat_of_a_process_whose_name_holds_spaces_and_parentheses_is_read_from_the_last_one()
    {
        var link = TempPath("a) b (c");
        File.CreateSymbolicLink(link, "/bin/sleep");
        await using var process = await Track(new Command(link, "1000")).StartAsync(Token);
        var expected = ProcStat.Read(process.Id)!;

        var stat = ProcfsScanner.ReadStat(process.Id);

        Assert.NotNull(stat);
        Assert.Equal((expected.ProcessGroupId, (long)expected.StartTime), (stat.Value.ProcessGroup, stat.Value.StartTime));
        Assert.NotEqual('Z', stat.Value.State);
        Assert.Null(ProcfsScanner.ReadStat(int.MaxValue));
    }
}
