using System.Diagnostics;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Tests that count what this whole process holds (its cgroup directories, file descriptors,
/// children) or change its environment, so they run alone (<see cref="RunAlone"/>).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class MachineWideGroupTests : GroupTest
{
    private const string MechanismVariable = "PROCESSKIT_MECHANISM";
    private const int Cycles = 1000;
    private const int WarmUpCycles = 20;
    private const int FileDescriptorTolerance = 8;

    [LinuxTheory]
    [InlineData("memory")]
    [InlineData("pids")]
    [InlineData("cpu")]
    public void A_group_with_limits_the_kernel_cannot_enforce_is_refused_and_leaves_nothing(string controller)
    {
        var limits = controller switch
        {
            "memory" => new ResourceLimits(maxMemoryBytes: 64L << 20),
            "pids" => new ResourceLimits(maxProcesses: 16),
            _ => new ResourceLimits(cpuCores: 0.5),
        };
        var prediction = ProcessGroup.PredictMechanism();
        Assert.SkipWhen(EnforcedLimitTests.Enforced(controller), $"the {controller} controller is enabled for our groups here (cgroup v2, or v1 on a hybrid host): the limit would be enforced");
        var before = CgroupProbe.OurGroupDirectories();

        var e = Assert.Throws<ResourceLimitException>(() => ProcessGroup.Create(new ProcessGroupOptions { Limits = limits }));

        Assert.IsAssignableFrom<NotSupportedException>(e);
        Assert.Same(limits, e.Limits);
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));
        Assert.Contains(e.Reason, e.Message, StringComparison.Ordinal);
        if (prediction.Mechanism == ContainmentMechanism.CgroupV2)
        {
            Assert.Contains(controller, e.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(before, CgroupProbe.OurGroupDirectories());
    }

    [LinuxFact]
    public async Task The_environment_variable_forces_the_process_group_mechanism()
    {
        var previous = Environment.GetEnvironmentVariable(MechanismVariable);
        Environment.SetEnvironmentVariable(MechanismVariable, "process-group");
        try
        {
            var prediction = ProcessGroup.PredictMechanism();
            await using var group = ProcessGroup.Create();

            Assert.Equal(ContainmentMechanism.ProcessGroup, prediction.Mechanism);
            Assert.Equal(ContainmentMechanism.ProcessGroup, group.Mechanism);
            Assert.Contains(MechanismVariable, prediction.Reason, StringComparison.Ordinal);
            Assert.Contains(MechanismVariable, group.MechanismReason, StringComparison.Ordinal);
            Assert.Equal("forced", await group.RunAsync(Helper("out", "forced"), Token));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MechanismVariable, previous);
        }
    }

    [LinuxFact]
    public async Task Falling_back_warns_the_configured_logger_with_the_reason()
    {
        var previous = Environment.GetEnvironmentVariable(MechanismVariable);
        Environment.SetEnvironmentVariable(MechanismVariable, "process-group");
        try
        {
            var logger = new RecordingLogger();
            await using var group = ProcessGroup.Create(new ProcessGroupOptions { Logger = logger });

            var (level, message) = Assert.Single(logger.Entries);
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, level);
            Assert.Contains(group.MechanismReason, message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MechanismVariable, previous);
        }
    }

    [LinuxFact]
    public async Task A_thousand_create_spawn_dispose_cycles_leave_no_process_descriptor_zombie_or_cgroup()
    {
        // Every tenth command leaves a background process in the group, so that dispose has one to
        // stop; the others exit at once (a process-group teardown scans /proc, about 3 ms a scan here).
        var exits = Track(new Command("/bin/true"));
        var leaves = Track(new Command("/bin/sh", "-c", "sleep 1000 </dev/null >/dev/null 2>&1 &"));
        for (var i = 0; i < WarmUpCycles; i++)
        {
            await CycleAsync(i % 10 == 0 ? leaves : exits, leavesOne: i % 10 == 0);
        }

        var baseline = Baseline.Take();
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < Cycles; i++)
        {
            await CycleAsync(i % 10 == 0 ? leaves : exits, leavesOne: i % 10 == 0);
        }

        elapsed.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Cycles} create-spawn-dispose cycles with {ProcessGroup.PredictMechanism().Mechanism}: {elapsed.Elapsed.TotalSeconds:F2} s");
        await AssertNothingLeftSinceAsync(baseline, $"{Cycles} cycles");
    }

    [LinuxFact]
    public async Task Many_one_shot_verbs_leave_no_process_descriptor_zombie_or_cgroup()
    {
        const int Runs = 200;

        // The background sleep holds the output pipe: only its container's kill at the shell's exit lets the verb return.
        var command = Track(new Command("/bin/sh", "-c", "sleep 1000 & echo done")).WithTimeout(ProcessAssert.WaitLimit);
        for (var i = 0; i < WarmUpCycles; i++)
        {
            await command.RunAsync(Token);
        }

        var baseline = Baseline.Take();
        for (var i = 0; i < Runs; i++)
        {
            Assert.Equal("done", await command.RunAsync(Token));
        }

        await AssertNothingLeftSinceAsync(baseline, $"{Runs} runs");
    }

    private static async Task CycleAsync(Command command, bool leavesOne)
    {
        await using var group = ProcessGroup.Create();
        Assert.Equal(0, await group.ExitCodeAsync(command, Token));
        if (leavesOne)
        {
            Assert.Single(group.Members);
        }
    }

    /// <summary>
    /// Fails if anything of this test still runs, if this process has a child it did not have at
    /// <paramref name="baseline"/> or an unreaped one, if any cgroup of ours is left, or if its
    /// open file descriptors grew by more than a few.
    /// </summary>
    private async Task AssertNothingLeftSinceAsync(Baseline baseline, string after)
    {
        Assert.Empty(ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker));
        var newChildren = RunningChildrenOf(Environment.ProcessId).Where(child => !baseline.Children.Contains(child)).ToList();
        Assert.True(newChildren.Count == 0, $"children of ours left running after {after}: {string.Join(", ", newChildren)}");
        await ProcessAssert.WaitUntilAsync(() => ProcessAssert.OurZombies().Count == 0, "no zombie children");
        Assert.Empty(CgroupProbe.OurGroupDirectories());
        var descriptors = ProcessAssert.OpenFileDescriptors();
        Assert.True(
            descriptors <= baseline.Descriptors + FileDescriptorTolerance,
            $"open file descriptors grew from {baseline.Descriptors} to {descriptors} over {after}");
    }

    /// <summary>
    /// What this process holds once warmed up: lazily opened handles exist by then, and so does
    /// the containment watchdog, a child of ours for as long as we run.
    /// </summary>
    private sealed record Baseline(int Descriptors, HashSet<ProcessIdentity> Children)
    {
        public static Baseline Take() => new(ProcessAssert.OpenFileDescriptors(), RunningChildrenOf(Environment.ProcessId).ToHashSet());
    }

    /// <summary>Keeps what is logged, for the fallback warning.</summary>
    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
