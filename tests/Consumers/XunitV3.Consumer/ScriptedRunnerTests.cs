using ProcessKit;
using ProcessKit.Testing;

namespace XunitV3.Consumer;

/// <summary>Code that shells out, tested with scripted replies: nothing is spawned.</summary>
public sealed class ScriptedRunnerTests
{
    [Fact]
    public async Task Answers_with_the_scripted_reply()
    {
        var runner = new ScriptedRunner()
            .On("git", "branch", "--show-current").Always(ScriptedReply.Success("main\n"));

        var branch = await new Command("git", "branch", "--show-current").WithRunner(runner).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("main", branch);
    }
}
