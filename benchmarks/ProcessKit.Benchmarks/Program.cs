using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace ProcessKit.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // The median next to the mean: on a shared 2-core machine a few slow iterations move the
        // mean, the median much less.
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);

        // The default job, unless the command line names one (`--job short` for a quick look).
        // Tuned for a noisy 2-core machine: a fixed invocation count skips the pilot stage and
        // makes each iteration 0.1-1 s long, and 30 iterations give a usable median, while the
        // whole run stays within ~5 minutes.
        if (!args.Any(arg => arg is "--job" or "-j"))
        {
            config = config.AddJob(Job.Default
                .WithId("Spawn")
                .WithLaunchCount(1)
                .WithWarmupCount(4)
                .WithIterationCount(30)
                .WithInvocationCount(512)
                .WithUnrollFactor(1)
                .AsDefault());
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
