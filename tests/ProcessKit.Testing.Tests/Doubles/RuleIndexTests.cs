using System.Globalization;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>The scripted runner's rule index must answer exactly as trying every rule in order would.</summary>
public sealed class RuleIndexTests
{
    private static readonly string[] Words = ["a", "b", "c", "-x", ""];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_index_answers_as_a_scan_of_every_rule_in_order_would()
    {
        var random = new Random(20261121);
        for (var round = 0; round < 20; round++)
        {
            var patterns = Enumerable.Range(0, 40).Select(_ => RandomPattern(random)).ToArray();
            var runner = new ScriptedRunner();
            for (var i = 0; i < patterns.Length; i++)
            {
                runner.On(patterns[i]).Always(ScriptedReply.Success(i.ToString(CultureInfo.InvariantCulture)));
            }

            for (var call = 0; call < 200; call++)
            {
                var command = new Command(random.Next(4) == 0 ? "/usr/bin/tool" : random.Next(6) == 0 ? "other" : "tool", RandomArguments(random, 4));
                var expected = Array.FindIndex(patterns, p => p.Matches(command));

                if (expected < 0)
                {
                    await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.RunAsync(command, Token));
                }
                else
                {
                    Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), await runner.RunAsync(command, Token));
                }
            }
        }
    }

    [Fact]
    public async Task Rules_added_after_calls_are_indexed_too()
    {
        var runner = new ScriptedRunner().On("tool", "a").Always(ScriptedReply.Success("1"));
        Assert.Equal("1", await runner.RunAsync(new Command("tool", "a"), Token));

        runner.On(CommandPattern.Prefix("tool", "a", "b")).Always(ScriptedReply.Success("2"));

        Assert.Equal("2", await runner.RunAsync(new Command("tool", "a", "b", "c"), Token));
        Assert.Equal("1", await runner.RunAsync(new Command("tool", "a"), Token));
    }

    private static CommandPattern RandomPattern(Random random)
    {
        var program = random.Next(5) == 0 ? "/usr/bin/tool" : "tool";
        var arguments = RandomArguments(random, 3);
        return random.Next(6) switch
        {
            0 => CommandPattern.Exact(program, arguments),
            1 => CommandPattern.Prefix(program, arguments),
            2 => CommandPattern.Matching(program, arguments.Select(a => a.Length == 0 ? ".*" : "[" + a[^1] + "b]")),
            3 => CommandPattern.AnyArguments(program, random.Next(3), 2 + random.Next(3)),
            4 => CommandPattern.Where(c => c.Arguments.Count % 2 == 0, "an even count"),
            _ => CommandPattern.Prefix(program, arguments).And(c => c.Arguments.Contains("c"), "has c"),
        };
    }

    private static string[] RandomArguments(Random random, int max) =>
        [.. Enumerable.Range(0, random.Next(max + 1)).Select(_ => Words[random.Next(Words.Length)])];
}
