using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace ProcessKit.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Not BenchmarkDotNet: the watchdog's cost needs fresh processes (see WatchdogCost), and
        // the interleaved comparison runs every way in turn (see Interleaved).
        switch (args)
        {
            case [WatchdogCost.Option, ..]:
                return await WatchdogCost.RunAsync(args[1..]);
            case [WatchdogCost.ProbeOption]:
                return await WatchdogCost.ProbeAsync();
            case [Interleaved.Option, ..]:
                return await Interleaved.RunAsync(args[1..]);
            case [Interleaved.ProbeOption, ..]:
                return Interleaved.Probe(args[1..]);
            case [Figures.Option, ..]:
                return await Figures.RunAsync(args[1..]);
            case [Figures.ProbeOption, ..]:
                return await Figures.ProbeAsync(args[1..]);
            case [LineReadinessSplit.Option, ..]:
                return await LineReadinessSplit.RunAsync(args[1..]);
            case [LineReadinessSplit.ProbeOption, ..]:
                return LineReadinessSplit.Probe(args[1..]);
            case [IsolationFigures.Option, ..]:
                return await IsolationFigures.RunAsync(args[1..]);
            case [IsolationFigures.ProbeOption, ..]:
                return await IsolationFigures.ProbeAsync(args[1..]);
            case [CassetteFirstLoad.Option, ..]:
                return await CassetteFirstLoad.RunAsync(args[1..]);
            case [CassetteFirstLoad.ProbeOption, var path]:
                return CassetteFirstLoad.Probe(path);
        }

        // The median next to the mean: on a shared 2-core machine a few slow iterations move the
        // mean, the median much less. The filter drops raw reproductions of one mechanism's work
        // from the other mechanism's job.
        var config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.Median)
            .AddFilter(new SimpleFilter(Mechanisms.Applies));

        // Two jobs, one per containment mechanism, unless the command line names a job (`--job
        // short` for a quick look; the mechanism then comes from this process's environment).
        // Tuned for a noisy 2-core machine: a fixed invocation count skips the pilot stage, and 30
        // iterations of 128 runs give a usable median while the whole run (both jobs, every class)
        // stays within about 4 minutes. A class can override these counts with attributes (the
        // teardown benchmark does).
        if (!args.Any(arg => arg is "--job" or "-j"))
        {
            config = config.AddJob(Mechanisms.Jobs(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(30)
                .WithInvocationCount(128)
                .WithUnrollFactor(1)));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
