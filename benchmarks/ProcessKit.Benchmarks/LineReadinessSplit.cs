using System.Diagnostics;
using System.Globalization;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Where ProcessKit's line readiness time goes (<c>--line-split [rounds]</c>), per mechanism:
/// <c>StartAsync</c>, from its return until the pipe-reading thread saw the line (stamped in the
/// matcher, on that thread), and from then until the blocked caller resumed. Each ProcessKit
/// round follows one untimed round of a way (none, <c>Process</c>, CliWrap, ProcessKit itself),
/// as in the interleaved figure, so a way's effect on the next run shows; a <c>Process</c> round
/// timed after it gives the ratio. The child's own CPU time when its line was seen (its
/// <c>/proc/&lt;pid&gt;/schedstat</c>) shows how far it had gone by then, for both; the
/// thread-pool items queued from the start until the caller resumed count the wake-ups of pool
/// threads a ProcessKit run costs on the way (the way before it may add its own late ones).
/// </summary>
internal static class LineReadinessSplit
{
    internal const string Option = "--line-split";
    internal const string ProbeOption = "--line-split-probe";
    private const int DefaultRounds = 60;
    private const int WarmupRounds = 30;

    internal static async Task<int> RunAsync(string[] args) =>
        await SelfProcess.RunEachMechanismAsync(ProbeOption, args is [var rounds, ..] ? rounds : DefaultRounds.ToString(CultureInfo.InvariantCulture));

    internal static int Probe(string[] args)
    {
        var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
        var mechanism = Mechanisms.Verify();
        Console.WriteLine();
        Console.WriteLine($"## line readiness split, mechanism {mechanism}, {rounds} rounds after {WarmupRounds} warm-up, load {SelfProcess.Load()}");
        Console.WriteLine();
        Console.WriteLine("| before each run | StartAsync | to the line seen | to the caller resumed | ProcessKit total | Process | ratio | child's CPU when seen: ProcessKit / Process | thread-pool items, start to resumed (mean) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var before = new (string Name, Action Run)[]
        {
            ("nothing", () => { }),
            ("a Process run", () => Figures.ProcessUntilLine()),
            ("a CliWrap run", () => Figures.CliWrapUntilLine()),
            ("a ProcessKit run", () => Once()),
        };
        foreach (var (name, run) in before)
        {
            var parts = new double[7][];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = new double[rounds];
            }

            for (var round = -WarmupRounds; round < rounds; round++)
            {
                run();
                var (start, seen, resumed, childCpu, poolItems) = Once();
                var processChildCpu = 0.0;
                var process = Figures.ProcessUntilLine(pid => processChildCpu = ChildCpu(pid));
                if (round >= 0)
                {
                    (parts[0][round], parts[1][round], parts[2][round], parts[3][round], parts[4][round], parts[5][round], parts[6][round]) =
                        (start, seen, resumed, process, childCpu, processChildCpu, poolItems);
                }
            }

            var medians = parts.Select(part => Interleaved.Percentile(part, 50)).ToArray();
            var total = Interleaved.Percentile([.. Enumerable.Range(0, rounds).Select(r => parts[0][r] + parts[1][r] + parts[2][r])], 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {medians[0]:F0} us | {medians[1]:F0} us | {medians[2]:F0} us | {total:F0} us | {medians[3]:F0} us | {total / medians[3]:F2} | {medians[4]:F0} / {medians[5]:F0} us | {parts[6].Average():F1} |"));
        }

        return 0;
    }

    /// <summary>
    /// One ProcessKit run, in microseconds: the start, until the reader saw "ready", until the
    /// caller resumed; the child's CPU time then; and the thread-pool items queued meanwhile.
    /// </summary>
    private static (double Start, double Seen, double Resumed, double ChildCpu, double PoolItems) Once()
    {
        long seen = 0;
        var poolBefore = PoolItems();
        var begun = Stopwatch.GetTimestamp();
        var process = new Command(Figures.LineChild[0], Figures.LineChild[1..]).StartAsync().GetAwaiter().GetResult();
        var started = Stopwatch.GetTimestamp();
        var probe = ReadinessProbe.Line(line =>
        {
            if (line != "ready")
            {
                return false;
            }

            seen = Stopwatch.GetTimestamp();
            return true;
        }, "the line ready");
        process.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        var resumed = Stopwatch.GetTimestamp();
        var poolItems = PoolItems() - poolBefore;
        var childCpu = ChildCpu(process.Id);
        process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (Stopwatch.GetElapsedTime(begun, started).TotalMicroseconds, Stopwatch.GetElapsedTime(started, seen).TotalMicroseconds,
            Stopwatch.GetElapsedTime(seen, resumed).TotalMicroseconds, childCpu, poolItems);
    }

    /// <summary>Thread-pool items queued so far: those done and those waiting.</summary>
    private static long PoolItems() => ThreadPool.CompletedWorkItemCount + ThreadPool.PendingWorkItemCount;

    /// <summary>The CPU time <paramref name="pid"/> has run so far, in microseconds (the first field of its <c>schedstat</c>, nanoseconds).</summary>
    private static double ChildCpu(int pid) =>
        long.Parse(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1000.0;
}
