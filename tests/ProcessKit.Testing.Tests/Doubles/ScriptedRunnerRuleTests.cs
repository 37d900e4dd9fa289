namespace ProcessKit.Testing.Tests.Doubles;

public sealed class ScriptedRunnerRuleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rules_are_tried_in_registration_order_and_the_first_match_wins()
    {
        var runner = new ScriptedRunner()
            .On(CommandPattern.Prefix("git", "log")).Always(ScriptedReply.Success("first"))
            .On("git", "log", "-1").Always(ScriptedReply.Success("second"));

        Assert.Equal("first", await runner.RunAsync(new Command("git", "log", "-1"), Token));
    }

    [Fact]
    public async Task Registration_order_holds_across_every_kind_of_rule()
    {
        var runner = new ScriptedRunner()
            .On("git", "log").Once(ScriptedReply.Success("1 exact"))
            .On(CommandPattern.Program("git")).Once(ScriptedReply.Success("2 any arguments"))
            .On(CommandPattern.Prefix("git", "log")).Once(ScriptedReply.Success("3 prefix"))
            .On(CommandPattern.Matching("git", "l.g")).Once(ScriptedReply.Success("4 regex"))
            .On(CommandPattern.Where(c => c.Arguments.Count == 1, "one argument")).Once(ScriptedReply.Success("5 predicate"))
            .On("git", "log").Once(ScriptedReply.Success("6 exact again"));
        var log = new Command("git", "log");

        var outputs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            outputs.Add(await runner.RunAsync(log, Token));
        }

        Assert.Equal(["1 exact", "2 any arguments", "3 prefix", "4 regex", "5 predicate", "6 exact again"], outputs);
    }

    [Fact]
    public async Task Arguments_however_the_command_was_built_are_matched()
    {
        var runner = new ScriptedRunner().On("git", "log", "-1").Always(ScriptedReply.Success("ok"));

        Assert.Equal("ok", await runner.RunAsync(new Command("git").AddArguments("log").AddArguments("-1"), Token));
        Assert.Equal("ok", await runner.RunAsync(new Command("git", new List<string> { "log", "-1" }), Token));
        Assert.Equal("ok", await runner.RunAsync(new Command("git", "x").WithArguments("log", "-1"), Token));
    }

    [Fact]
    public async Task A_once_reply_is_used_once_then_the_rule_falls_through()
    {
        var runner = new ScriptedRunner()
            .On("git", "fetch").Once(ScriptedReply.Failure(128, "network down"))
            .On("git", "fetch").Always(ScriptedReply.Success());
        var fetch = new Command("git", "fetch");

        Assert.Equal(128, await runner.ExitCodeAsync(fetch, Token));
        Assert.Equal(0, await runner.ExitCodeAsync(fetch, Token));
        Assert.Equal(0, await runner.ExitCodeAsync(fetch, Token));
    }

    [Fact]
    public async Task A_sequence_gives_one_reply_per_call_then_repeats_the_last()
    {
        var runner = new ScriptedRunner()
            .On("poll").InSequence(ScriptedReply.Success("pending"), ScriptedReply.Success("pending"), ScriptedReply.Success("done"));
        var poll = new Command("poll");

        Assert.Equal(["pending", "pending", "done", "done"], [
            await runner.RunAsync(poll, Token), await runner.RunAsync(poll, Token),
            await runner.RunAsync(poll, Token), await runner.RunAsync(poll, Token),
        ]);
    }

    [Fact]
    public async Task A_sequence_that_then_misses_stops_matching()
    {
        var runner = new ScriptedRunner()
            .On("poll").InSequence([ScriptedReply.Success("a"), ScriptedReply.Success("b")], AfterLastReply.Miss);
        var poll = new Command("poll");

        Assert.Equal("a", await runner.RunAsync(poll, Token));
        Assert.Equal("b", await runner.RunAsync(poll, Token));
        var miss = await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.RunAsync(poll, Token));
        Assert.Contains("#1 poll (sequence of 2, then misses): matches, but its replies were all used", miss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_sequences_are_refused()
    {
        var rule = new ScriptedRunner().On("x");

        Assert.Throws<ArgumentException>(() => rule.InSequence());
        Assert.Throws<ArgumentException>(() => rule.InSequence(ScriptedReply.Success(), null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.InSequence([ScriptedReply.Success()], (AfterLastReply)7));
        Assert.Throws<ArgumentNullException>(() => rule.Once(null!));
    }

    [Fact]
    public async Task An_unscripted_command_throws_showing_the_command_and_the_nearest_rules_with_reasons()
    {
        var runner = new ScriptedRunner()
            .On("docker", "ps").Always(ScriptedReply.Success())
            .On("git", "pull", "origin").Always(ScriptedReply.Success())
            .On(CommandPattern.Prefix("git", "push").InDirectory("/srv/repo")).Always(ScriptedReply.Success())
            .On("ls").Always(ScriptedReply.Success())
            .On("git", "status").Always(ScriptedReply.Success());
        var command = new Command("git", "push", "origin").WithWorkingDirectory("/tmp").WithEnvironment("GIT_TOKEN", "tok-123");

        var miss = await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(command, Token));

        Assert.Same(command, miss.Command);
        Assert.StartsWith("No scripted reply for git push origin (in /tmp; sets GIT_TOKEN).", miss.Message, StringComparison.Ordinal);
        Assert.Contains("Nearest of 5 rules:", miss.Message, StringComparison.Ordinal);
        Assert.Equal(3, miss.NearestRules.Count);
        Assert.StartsWith("#3 git push … (in /srv/repo) (always: exit 0): runs in /tmp, not in /srv/repo", miss.NearestRules[0], StringComparison.Ordinal);
        Assert.Equal("#2 git pull origin (always: exit 0): argument 1 is 'push', not 'pull'", miss.NearestRules[1]);
        Assert.Equal("#5 git status (always: exit 0): argument 1 is 'push', not 'status'; has 2 arguments, not 1", miss.NearestRules[2]);
        Assert.Contains("PassThrough", miss.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", miss.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<InvalidOperationException>(miss);
    }

    [Fact]
    public async Task A_runner_without_rules_says_so()
    {
        var miss = await Assert.ThrowsAsync<UnscriptedCommandException>(() => new ScriptedRunner().StartAsync(new Command("x"), Token));

        Assert.Contains("No rules are scripted.", miss.Message, StringComparison.Ordinal);
        Assert.Empty(miss.NearestRules);
    }

    [Fact]
    public async Task Every_primitive_is_strict()
    {
        var runner = new ScriptedRunner();

        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("x"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputBytesAsync(new Command("x"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.StartAsync(new Command("x"), Token));
    }

    [Fact]
    public async Task PassThroughAll_sends_unscripted_commands_to_the_given_runner_after_the_rules()
    {
        var fallback = new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success("from fallback"));
        var runner = new ScriptedRunner()
            .On("git", "status").Always(ScriptedReply.Success("scripted"))
            .PassThroughAll(fallback);

        Assert.Equal("scripted", await runner.RunAsync(new Command("git", "status"), Token));
        Assert.Equal("from fallback", await runner.RunAsync(new Command("anything", "at", "all"), Token));
    }

    [Fact]
    public async Task PassThrough_of_named_programs_leaves_the_others_strict()
    {
        var fallback = new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success("passed"));
        var runner = new ScriptedRunner().PassThrough("git", fallback);

        Assert.Equal("passed", await runner.RunAsync(new Command("/usr/bin/git", "log"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.RunAsync(new Command("docker", "ps"), Token));
    }

    [Fact]
    public void A_runner_cannot_pass_through_to_itself()
    {
        var runner = new ScriptedRunner();

        Assert.Throws<ArgumentException>(() => runner.PassThroughAll(runner));
        Assert.Throws<ArgumentException>(() => runner.PassThrough("git", runner));
        Assert.Throws<ArgumentException>(() => runner.PassThrough(""));
    }

    [Fact]
    public async Task VerifyAllConsumed_names_each_rule_whose_replies_were_not_all_used()
    {
        var runner = new ScriptedRunner()
            .On("git", "status").Once(ScriptedReply.Success())
            .On("git", "fetch").Once(ScriptedReply.Success())
            .On("poll").InSequence(ScriptedReply.Success("1"), ScriptedReply.Success("2"), ScriptedReply.Success("3"))
            .On("ls").Always(ScriptedReply.Success());
        await runner.OutputAsync(new Command("git", "status"), Token);
        await runner.OutputAsync(new Command("poll"), Token);

        var failure = Assert.Throws<ProcessAssertionException>(runner.VerifyAllConsumed);

        Assert.StartsWith("3 scripted rules were not used up:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#2 git fetch (once: exit 0): never used", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#3 poll (sequence of 3, then repeats the last): 1 of 3 replies used", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#4 ls (always: exit 0): never used", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("#1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_describe_their_replies_in_messages()
    {
        var runner = new ScriptedRunner()
            .On("a").Once(ScriptedReply.Failure(2, "oops"))
            .On("b").Always(ScriptedReply.KilledBy(9))
            .On("c").Always(ScriptedReply.Bytes(new byte[3]))
            .On("d").Always(ScriptedReply.NotFound())
            .On("e").Always(ScriptedReply.Pending())
            .On("f").Always(ScriptedReply.TimedOut())
            .On("g").Always(ScriptedReply.Dialog(_ => []));

        var message = Assert.Throws<ProcessAssertionException>(runner.VerifyAllConsumed).Message;

        Assert.Contains("#1 a (once: exit 2, 4 characters of output): never used", message, StringComparison.Ordinal);
        Assert.Contains("#2 b (always: killed by signal 9)", message, StringComparison.Ordinal);
        Assert.Contains("#3 c (always: exit 0, 3 bytes of output)", message, StringComparison.Ordinal);
        Assert.Contains("#4 d (always: throws not found)", message, StringComparison.Ordinal);
        Assert.Contains("#5 e (always: pending until cancelled or timed out)", message, StringComparison.Ordinal);
        Assert.Contains("#6 f (always: timed out)", message, StringComparison.Ordinal);
        Assert.Contains("#7 g (always: a dialog)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAllConsumed_passes_when_everything_was_used()
    {
        var runner = new ScriptedRunner()
            .On("a").Once(ScriptedReply.Success())
            .On("b").InSequence(ScriptedReply.Success(), ScriptedReply.Success());
        await runner.OutputAsync(new Command("a"), Token);
        await runner.OutputAsync(new Command("b"), Token);
        await runner.OutputAsync(new Command("b"), Token);

        runner.VerifyAllConsumed();
    }

    [Fact]
    public async Task A_cancelled_call_takes_no_reply()
    {
        var runner = new ScriptedRunner().On("a").Once(ScriptedReply.Success());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.OutputAsync(new Command("a"), new CancellationToken(canceled: true)));

        Assert.Throws<ProcessAssertionException>(runner.VerifyAllConsumed);
        Assert.True((await runner.OutputAsync(new Command("a"), Token)).IsSuccess);
    }

    [Fact]
    public async Task A_predicate_that_throws_fails_the_call_not_the_runner()
    {
        var runner = new ScriptedRunner()
            .On(CommandPattern.Where(_ => throw new InvalidTimeZoneException("bad predicate"), "broken")).Always(ScriptedReply.Success());

        await Assert.ThrowsAsync<InvalidTimeZoneException>(() => runner.OutputAsync(new Command("x"), Token));
    }
}
