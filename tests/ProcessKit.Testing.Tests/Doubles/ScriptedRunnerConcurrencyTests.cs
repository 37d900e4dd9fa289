namespace ProcessKit.Testing.Tests.Doubles;

public sealed class ScriptedRunnerConcurrencyTests
{
    private const int Calls = 2_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_parallel_calls_a_once_reply_is_given_exactly_once()
    {
        var runner = new ScriptedRunner()
            .On("job").Once(ScriptedReply.Success("winner"))
            .On("job").Always(ScriptedReply.Success("other"));

        var outputs = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => runner.RunAsync(new Command("job"), Token), Token)));

        Assert.Single(outputs, o => o == "winner");
        Assert.Equal(Calls - 1, outputs.Count(o => o == "other"));
    }

    [Fact]
    public async Task Under_parallel_calls_each_reply_of_a_sequence_is_given_exactly_once()
    {
        var replies = Enumerable.Range(0, Calls).Select(i => ScriptedReply.Success(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var runner = new ScriptedRunner().On("next").InSequence(replies, AfterLastReply.Miss);

        var outputs = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => runner.RunAsync(new Command("next"), Token), Token)));

        Assert.Equal(Enumerable.Range(0, Calls), outputs.Select(int.Parse).Order());
        runner.VerifyAllConsumed();
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.RunAsync(new Command("next"), Token));
    }

    [Fact]
    public async Task Rules_added_while_calls_run_are_seen_by_later_calls()
    {
        var runner = new ScriptedRunner().On("a").Always(ScriptedReply.Success("a"));
        var calling = Task.Run(
            async () =>
            {
                for (var i = 0; i < Calls; i++)
                {
                    Assert.Equal("a", await runner.RunAsync(new Command("a"), Token));
                }
            },
            Token);

        for (var i = 0; i < 100; i++)
        {
            runner.On("b" + i).Always(ScriptedReply.Success("b"));
        }

        await calling;
        Assert.Equal("b", await runner.RunAsync(new Command("b99"), Token));
    }

    [Fact]
    public async Task Settings_of_one_runner_never_reach_another()
    {
        var passing = new ScriptedRunner().PassThroughAll(new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success()));
        passing.On("x").Always(ScriptedReply.Success("x"));
        var strict = new ScriptedRunner();

        Assert.True((await passing.OutputAsync(new Command("anything"), Token)).IsSuccess);
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => strict.OutputAsync(new Command("anything"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => strict.OutputAsync(new Command("x"), Token));
    }
}
