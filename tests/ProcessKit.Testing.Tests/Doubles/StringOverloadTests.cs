namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>
/// What each string overload of the doubles matches, pinned: what a test scripts or asserts ran is
/// exact (<c>On</c>, <c>AssertRan</c>), what it asserts did not run is every call that begins so
/// (<c>AssertDidNotRun</c>), and pass-through takes the program with any arguments. Each errs on the
/// side of failing: a positive one that is too strict fails loudly and says how to loosen it; a
/// negative one never passes while the program ran with more arguments.
/// </summary>
public sealed class StringOverloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_answers_the_program_with_exactly_these_arguments()
    {
        var runner = new ScriptedRunner().On("git", "status").Always(ScriptedReply.Success("clean\n"));

        Assert.Equal("clean\n", (await runner.OutputAsync(new Command("git", "status"), Token)).StandardOutput);
        Assert.Equal("clean\n", (await runner.OutputAsync(new Command("/usr/bin/git", "status"), Token)).StandardOutput);
        var further = await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("git", "status", "--short"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("git"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("git", "stat"), Token));

        Assert.Equal("#1 git status (always: exit 0, 6 characters of output): has 2 arguments, not 1 (the pattern is exact; CommandPattern.Prefix allows further arguments)", Assert.Single(further.NearestRules));
    }

    [Fact]
    public async Task On_with_a_program_alone_answers_it_only_without_arguments()
    {
        var runner = new ScriptedRunner().On("ls").Always(ScriptedReply.Success());

        await runner.OutputAsync(new Command("ls"), Token);
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("ls", "-la"), Token));
    }

    [Fact]
    public async Task PassThrough_takes_the_program_with_any_arguments_and_nothing_else()
    {
        var target = new RecordingRunner(new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success()));
        var runner = new ScriptedRunner().PassThrough("git", target);

        await runner.OutputAsync(new Command("git"), Token);
        await runner.OutputAsync(new Command("git", "status", "--short"), Token);
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("gitk"), Token));

        Assert.Equal(["git", "git status --short"], target.Calls.Select(c => string.Join(' ', [c.Program, .. c.Arguments]).TrimEnd()));
    }

    [Fact]
    public async Task AssertRan_passes_only_for_exactly_these_arguments_and_says_how_to_allow_more()
    {
        var spy = await SpyAfter(new Command("git", "status", "--short"));

        spy.AssertRan("git", "status", "--short");
        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("git", "status"));
        Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("git"));

        Assert.StartsWith("Expected a command matching `git status` to have run, but none did.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#1: has 2 arguments, not 1 (the pattern is exact; CommandPattern.Prefix allows further arguments)", failure.Message, StringComparison.Ordinal);
        spy.AssertRan(CommandPattern.Prefix("git", "status"));
    }

    [Fact]
    public async Task AssertDidNotRun_with_a_program_alone_fails_when_it_ran_with_any_arguments()
    {
        var spy = await SpyAfter(new Command("rm", "-rf", "/x"));

        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun("rm"));

        Assert.StartsWith("Expected no command matching `rm …`, but #1 did.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#1 Output: rm -rf /x", failure.Message, StringComparison.Ordinal);
        spy.AssertDidNotRun("rmdir");
    }

    [Fact]
    public async Task AssertDidNotRun_with_leading_arguments_fails_on_every_call_that_begins_with_them()
    {
        var spy = await SpyAfter(new Command("git", "push", "--force", "origin"), new Command("git", "pull"));

        Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun("git", "push"));
        Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun("git", "push", "--force"));
        Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun("git", "pull"));
        spy.AssertDidNotRun("git", "push", "origin");
        spy.AssertDidNotRun("git", "pushy");
        spy.AssertDidNotRun("git", "pull", "--rebase");
    }

    private static async Task<RecordingRunner> SpyAfter(params Command[] commands)
    {
        var spy = new RecordingRunner(new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success()));
        foreach (var command in commands)
        {
            await spy.OutputAsync(command, Token);
        }

        return spy;
    }
}
