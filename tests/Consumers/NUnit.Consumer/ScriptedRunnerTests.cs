using ProcessKit;
using ProcessKit.Testing;

namespace NUnit.Consumer;

/// <summary>Code that shells out, tested with scripted replies: nothing is spawned.</summary>
public sealed class ScriptedRunnerTests
{
    [Test]
    public async Task Answers_with_the_scripted_reply()
    {
        var runner = new ScriptedRunner()
            .On("git", "branch", "--show-current").Always(ScriptedReply.Success("main\n"));

        var branch = await new Command("git", "branch", "--show-current").WithRunner(runner).RunAsync();

        Assert.That(branch, Is.EqualTo("main"));
    }
}
