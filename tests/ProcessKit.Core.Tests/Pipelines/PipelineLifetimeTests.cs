using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// Every stage lives in one container: the pipeline's timeout, cancellation and the end of a run
/// stop every stage and everything each stage started, and a verb returns only once all of it is gone.
/// </summary>
public sealed class PipelineLifetimeTests : SpawningTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    [LinuxFact]
    public async Task The_timeout_bounds_the_whole_chain_and_stops_every_stage_and_grandchild()
    {
        var clock = new FakeTimeProvider();
        var pipeline = (Helper("grandchild", TempPath("grandchild.pid"), "write-pid", TempPath("0.pid"), "out", "x", "hang")
                | Helper("write-pid", TempPath("1.pid"), "echo-stdin")
                | Helper("write-pid", TempPath("2.pid"), "hang"))
            .WithTimeout(Deadline)
            .WithTimeProvider(clock);

        var run = pipeline.OutputAsync(Token);
        var processes = await WaitForPidsAsync(run, "grandchild.pid", "0.pid", "1.pid", "2.pid");
        clock.Advance(Deadline);
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(0, result.ReportedStageIndex);
        Assert.All(result.Stages, stage => Assert.True(stage.TimedOut));
        // The stages that hang are killed; the middle one may see end-of-file first (its producer
        // died) and exit by itself, which the timeout still counts as timed out.
        Assert.Equal(9, result.Stages[0].Signal);
        Assert.Equal(9, result.Stages[2].Signal);
        processes.ForEach(ProcessAssert.Gone);
        var error = await Assert.ThrowsAsync<ProcessTimeoutException>(() => pipeline.WithTimeout(TimeSpan.FromMilliseconds(200)).WithTimeProvider(TimeProvider.System).RunAsync(Token));
        Assert.True(error.Result.TimedOut);
    }

    [LinuxFact]
    public async Task A_stage_that_ended_before_the_deadline_is_not_counted_as_timed_out()
    {
        var clock = new FakeTimeProvider();
        var lines = new LineCollector();
        using var gate = new InputGate();
        var run = (Helper("write-pid", TempPath("0.pid"), "read-line").WithStandardInput(gate.Input) | Helper("echo-stdin", "hang").WithStandardOutput(lines.Target))
            .WithTimeout(Deadline)
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        var processes = await WaitForPidsAsync(run, "0.pid");
        gate.Release("x");
        Assert.Equal("got: x", await lines.NextAsync());

        // Reaped, so the engine has seen the exit (it marks a stage exited before reaping it).
        await ProcessAssert.WaitUntilAsync(() => ProcStat.Read(processes[0].Pid) is not { } stat || stat.StartTime != processes[0].StartTime, "the first stage to be reaped", run);
        clock.Advance(Deadline);
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.True(result.TimedOut);
        Assert.Equal(1, result.ReportedStageIndex);
        Assert.False(result.Stages[0].TimedOut);
        Assert.Equal(0, result.Stages[0].ExitCode);
        Assert.True(result.Stages[1].TimedOut);
        Assert.Equal("got: x\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task With_a_grace_every_stage_gets_SIGTERM_and_one_that_ignores_it_SIGKILL_after_the_grace()
    {
        var clock = new FakeTimeProvider();
        var grace = TimeSpan.FromSeconds(30);
        var run = (Helper("write-pid", TempPath("0.pid"), "hang") | Helper("ignore-sigterm", "write-pid", TempPath("1.pid"), "hang"))
            .WithTimeout(Deadline, grace)
            .WithTimeProvider(clock)
            .OutputAsync(Token);
        var processes = await WaitForPidsAsync(run, "0.pid", "1.pid");

        clock.Advance(Deadline);
        await ProcessAssert.WaitUntilAsync(() => !processes[0].IsRunning, "the first stage to die of SIGTERM", run);
        await ProcessAssert.WaitUntilAsync(() => !ProcessAssert.IsSignalPending(processes[1].Pid, 15), "SIGTERM to reach the second stage", run);
        Assert.True(processes[1].IsRunning, "the second stage ignores SIGTERM");
        clock.Advance(grace);
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(15, result.Stages[0].Signal);
        Assert.Equal(9, result.Stages[1].Signal);
        Assert.All(result.Stages, stage => Assert.True(stage.TimedOut));
    }

    [LinuxFact]
    public async Task A_deadline_that_passes_the_moment_the_run_started_still_stops_every_stage()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var clock = new FakeTimeProvider();
            var run = (Helper("hang") | Helper("hang") | Helper("hang")).WithTimeout(Deadline).WithTimeProvider(clock).OutputAsync(Token);

            clock.Advance(Deadline);

            var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);
            Assert.All(result.Stages, stage => Assert.True(stage.TimedOut));
        }
    }

    [LinuxFact]
    public async Task Cancellation_kills_every_stage_and_grandchild_and_throws()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = (Helper("write-pid", TempPath("0.pid"), "hang")
                | Helper("grandchild", TempPath("grandchild.pid"), "write-pid", TempPath("1.pid"), "hang"))
            .OutputAsync(cancellation.Token);
        var processes = await WaitForPidsAsync(run, "0.pid", "1.pid", "grandchild.pid");

        await cancellation.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(ProcessAssert.WaitLimit, Token));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        processes.ForEach(ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task A_token_cancelled_before_the_run_starts_nothing()
    {
        var pidFile = TempPath("0.pid");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => (Helper("write-pid", pidFile) | Helper("echo-stdin")).OutputAsync(new CancellationToken(canceled: true)));

        Assert.False(File.Exists(pidFile));
    }

    [LinuxFact]
    public async Task What_a_stage_left_running_is_gone_when_the_verb_returns()
    {
        var result = await (Helper("out", "x")
                | Helper("grandchild", TempPath("grandchild.pid"), "echo-stdin")
                | Helper("echo-stdin"))
            .OutputAsync(Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("x\n", result.StandardOutput);
        AssertNotRunning(TempPath("grandchild.pid"));
    }

    [LinuxFact]
    public async Task A_grandchild_holding_the_pipe_to_the_next_stage_does_not_stall_the_pipeline()
    {
        // The grandchild shares the first stage's stdout, the pipe to the second stage: only
        // killing it when the first stage exits lets the second stage see end-of-file.
        var result = await (Helper("grandchild-inherit", TempPath("grandchild.pid"), "out", "x") | Helper("echo-stdin"))
            .OutputAsync(Token)
            .WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal("x\n", result.StandardOutput);
        AssertNotRunning(TempPath("grandchild.pid"));
    }

    [LinuxFact]
    public async Task A_stage_that_cannot_be_spawned_takes_down_the_stages_already_started()
    {
        var script = TempPath("broken.sh");
        await File.WriteAllTextAsync(script, "#!/no/such/interpreter\n", Token);
        SetFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var pipeline = Helper("grandchild", TempPath("grandchild.pid"), "hang") | Helper("hang") | Track(new Command(script));

        var error = await Assert.ThrowsAsync<ProcessSpawnException>(() => pipeline.OutputAsync(Token));

        Assert.Equal(script, error.Program);
        // Whatever the first stages had started is gone (the base class also checks that no marked process survives).
        if (File.Exists(TempPath("grandchild.pid")))
        {
            AssertNotRunning(TempPath("grandchild.pid"));
        }
    }

    [LinuxFact]
    public async Task A_missing_program_in_a_later_stage_throws_before_anything_runs()
    {
        var pidFile = TempPath("0.pid");

        var error = await Assert.ThrowsAsync<ProcessNotFoundException>(() => (Helper("write-pid", pidFile) | Track(new Command("no-such-program-processkit"))).OutputAsync(Token));

        Assert.Equal("no-such-program-processkit", error.Program);
        Assert.False(File.Exists(pidFile));
    }

    /// <summary>The process whose pid <paramref name="pidFile"/> holds has exited (it may wait as a zombie for its new parent to reap it).</summary>
    private static void AssertNotRunning(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ProcStat.Read(pid) is { IsRunning: true }, $"process {pid} should have exited");
    }

    private async Task<List<ProcessIdentity>> WaitForPidsAsync(Task run, params string[] names)
    {
        var processes = new List<ProcessIdentity>();
        foreach (var name in names)
        {
            processes.Add(await ProcessAssert.WaitForPidFileAsync(TempPath(name), run));
        }

        return processes;
    }
}
