using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProcessKit.Testing;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Matched calls per second of a <see cref="ScriptedRunner"/> with 100 rules (goal: at least one
/// million), the match at the first rule and at the last. All rules are for the same program. Each
/// call goes through
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
        /// <summary><c>tool subN --flag</c>, exact lists and prefixes in turn: each rule has its own first argument, as subcommands do.</summary>
        DistinctFirstArgument,

        /// <summary><c>tool run imageN</c>, exact lists and prefixes in turn: every rule has the same first argument, so the index walks one level deeper.</summary>
        SharedFirstArgument,

        /// <summary>
        /// <c>tool /ru[n]/ /imageN(:.*)?/</c>: a true regular expression per argument. Such rules fix
        /// no argument, so the index cannot narrow them: every rule before the match is tried, two
        /// regex matches each (the slow case).
        /// </summary>
        RegexPerArgument,
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
            var pattern = Shape switch
            {
                RuleShape.RegexPerArgument => CommandPattern.Matching("tool", first, second),
                _ when i % 2 == 0 => CommandPattern.Exact("tool", first, second),
                _ => CommandPattern.Prefix("tool", first, second),
            };
            _runner.On(pattern).Always(reply);
        }

        if (Shape == RuleShape.RegexPerArgument)
        {
            _matchesFirst = new Command("/usr/bin/tool", "run", "image0");
            _matchesLast = new Command("/usr/bin/tool", "run", "image99:latest");
        }
        else
        {
            var (firstOfFirst, secondOfFirst) = Arguments(0);
            var (firstOfLast, secondOfLast) = Arguments(RuleCount - 1);
            _matchesFirst = new Command("/usr/bin/tool", firstOfFirst, secondOfFirst);
            _matchesLast = new Command("/usr/bin/tool", firstOfLast, secondOfLast, "--more");
        }
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
        return Shape switch
        {
            RuleShape.DistinctFirstArgument => ("sub" + number, "--flag"),
            RuleShape.SharedFirstArgument => ("run", "image" + number),
            _ => ("ru[n]", "image" + number + "(:.*)?"),
        };
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
