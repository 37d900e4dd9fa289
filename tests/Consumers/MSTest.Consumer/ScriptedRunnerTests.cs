using ProcessKit;
using ProcessKit.Testing;

namespace MSTest.Consumer;

/// <summary>Code that shells out, tested with scripted replies: nothing is spawned.</summary>
[TestClass]
public sealed class ScriptedRunnerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Answers_with_the_scripted_reply()
    {
        var runner = new ScriptedRunner()
            .On("git", "branch", "--show-current").Always(ScriptedReply.Success("main\n"));

        var branch = await new Command("git", "branch", "--show-current").WithRunner(runner).RunAsync(TestContext.CancellationToken);

        Assert.AreEqual("main", branch);
    }
}
