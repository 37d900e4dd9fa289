using BenchmarkDotNet.Attributes;

namespace ProcessKit.Benchmarks;

/// <summary>
/// What containment costs a one-shot run: <c>/bin/true</c> through <see cref="Command.Output"/>
/// (which always runs its child in a private container of the job's mechanism) against the raw
/// <c>posix_spawn</c> baseline, plus raw reproductions of each mechanism's own work, so the cost
/// can be split between the mechanism and the rest of the engine:
/// under <c>cgroup</c>, the <c>/bin/sh</c> shim alone and the whole cgroup join (mkdir, shim,
/// cgroup.kill, rmdir); under <c>process-group</c>, the end-of-run <c>/proc</c> sweep.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
public class ContainmentJoinBenchmarks
{
    private const string Program = "/bin/true";

    private RawPosixSpawn _raw = null!;
    private RawPosixSpawn _shim = null!;
    private RawCgroupJoin? _join;
    private RawProcSweep _sweep = null!;
    private Command _command = null!;

    [GlobalSetup]
    public void Setup()
    {
        var mechanism = Mechanisms.Verify();
        _raw = new RawPosixSpawn(Program);
        _shim = new RawPosixSpawn("/bin/sh", "-c", "exec \"$@\"", "sh", Program);
        _join = mechanism == ContainmentMechanism.CgroupV2 ? new RawCgroupJoin(Program) : null;
        _sweep = new RawProcSweep();
        _command = new Command(Program);
    }

    [GlobalCleanup]
    public void Cleanup() => _join?.Dispose();

    [Benchmark(Baseline = true, Description = "raw posix_spawn")]
    public long RawPosixSpawn() => Expect(_raw.Run());

    [Benchmark(Description = "raw + sh shim")]
    [OnlyUnder(Mechanisms.CgroupJob)]
    public long RawShim() => Expect(_shim.Run());

    [Benchmark(Description = "raw + cgroup join")]
    [OnlyUnder(Mechanisms.CgroupJob)]
    public long RawCgroupJoin() => Expect(_join!.Run());

    [Benchmark(Description = "raw + /proc sweep")]
    [OnlyUnder(Mechanisms.ProcessGroupJob)]
    public long RawProcSweep() => Expect(_raw.Run() + _sweep.Scan());

    [Benchmark(Description = "Command.Output")]
    public long CommandOutput()
    {
        var result = _command.Output();
        return result.ExitCode == 0 ? Expect(result.StandardOutput.Length) : throw new InvalidOperationException($"{Program} failed: {result.Diagnostic}");
    }

    private static long Expect(long length) =>
        length == 0 ? 0 : throw new InvalidOperationException($"Expected no output, read {length} bytes (or found a marked process).");
}

/// <summary>
/// Teardown of a 100-process tree, per mechanism: a <see cref="ProcessGroup"/> holding one member, a
/// shell that starts 100 <c>sleep 1000</c> and waits for them (101 processes). Only
/// <see cref="ProcessGroup.DisposeAsync"/> is measured: SIGTERM to the tree, waiting until it is
/// gone (the default 2 s grace is not used up: <c>sleep</c> and <c>sh</c> die of SIGTERM), then
/// the container is removed. Building the tree happens in the iteration setup, one teardown per
/// iteration.
/// </summary>
[InvocationCount(1, 1)]
[WarmupCount(2)]
[IterationCount(15)]
public class ContainmentTeardownBenchmarks
{
    private const int Sleepers = 100;
    private const string Tree = "i=0; while [ $i -lt 100 ]; do sleep 1000 & i=$((i+1)); done; wait";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private ProcessGroup? _group;
    private Task<ProcessResult>? _member;
    private IReadOnlyList<int> _tree = [];

    [GlobalSetup]
    public void Setup() => Mechanisms.Verify();

    [IterationSetup]
    public void StartTree()
    {
        _group = ProcessGroup.Create();
        _member = _group.OutputAsync(new Command("/bin/sh", "-c", Tree));
        var started = TimeProvider.System.GetTimestamp();
        while ((_tree = _group.Members).Count < Sleepers + 1)
        {
            if (_member.IsCompleted || TimeProvider.System.GetElapsedTime(started) > StartTimeout)
            {
                throw new InvalidOperationException($"The tree did not start: {_tree.Count} processes.");
            }

            Thread.Sleep(5);
        }
    }

    [Benchmark(Description = "ProcessGroup.DisposeAsync, 101 processes")]
    public ValueTask DisposeAsync() => _group!.DisposeAsync();

    [IterationCleanup]
    public void Check()
    {
        var result = _member!.GetAwaiter().GetResult();
        var alive = _tree.Where(TreeFloor.IsAlive).ToList();
        if (result.ExitCode is not null || alive.Count > 0)
        {
            throw new InvalidOperationException($"After dispose: member exit code {result.ExitCode}, {alive.Count} of {_tree.Count} processes alive.");
        }
    }
}
