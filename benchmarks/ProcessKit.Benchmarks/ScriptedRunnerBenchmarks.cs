using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProcessKit.Testing;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Matched calls per second of a <see cref="ScriptedRunner"/> with 100 rules (goal: at least one
/// million), the match at the first rule and at the last. All rules are for the same program and
/// alternate exact argument lists and prefixes. Each call goes through
/// <see cref="IProcessRunner.OutputAsync"/> and returns a fresh result, as a test's call does. No
/// process is spawned, so the containment job does not matter.
/// </summary>
[MemoryDiagnoser]
public class ScriptedRunnerBenchmarks
{
    private const int RuleCount = 100;
    private const int CallsPerInvocation = 1_000;

    private ScriptedRunner _runner = null!;
    private Command _matchesFirst = null!;
    private Command _matchesLast = null!;

    /// <summary>How the 100 rules differ.</summary>
    public enum RuleShape
    {
        /// <summary><c>tool subN --flag</c>: each rule has its own first argument, as subcommands do; the rule index goes straight to the candidates.</summary>
        DistinctFirstArgument,

        /// <summary><c>tool run imageN</c>: every rule has the same first argument, so the index cannot narrow anything and each rule passed over is compared (the slow case).</summary>
        SharedFirstArgument,
    }

    [ParamsAllValues]
    public RuleShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _runner = new ScriptedRunner();
        var reply = ScriptedReply.Success("ok\n");
        for (var i = 0; i < RuleCount; i++)
        {
            var (first, second) = Arguments(i);
            var pattern = i % 2 == 0 ? CommandPattern.Exact("tool", first, second) : CommandPattern.Prefix("tool", first, second);
            _runner.On(pattern).Always(reply);
        }

        var (firstOfFirst, secondOfFirst) = Arguments(0);
        var (firstOfLast, secondOfLast) = Arguments(RuleCount - 1);
        _matchesFirst = new Command("/usr/bin/tool", firstOfFirst, secondOfFirst);
        _matchesLast = new Command("/usr/bin/tool", firstOfLast, secondOfLast, "--more");
        if (Run(_matchesFirst) != 0 || Run(_matchesLast) != 0)
        {
            throw new InvalidOperationException("The benchmark's commands do not match their rules.");
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public int MatchAtFirstOf100Rules() => RunMany(_matchesFirst);

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public int MatchAtLastOf100Rules() => RunMany(_matchesLast);

    private (string First, string Second) Arguments(int rule)
    {
        var number = rule.ToString(CultureInfo.InvariantCulture);
        return Shape == RuleShape.DistinctFirstArgument ? ("sub" + number, "--flag") : ("run", "image" + number);
    }

    private int RunMany(Command command)
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvocation; i++)
        {
            sum += Run(command);
        }

        return sum;
    }

    private int Run(Command command) => _runner.OutputAsync(command).GetAwaiter().GetResult().ExitCode ?? -1;
}
