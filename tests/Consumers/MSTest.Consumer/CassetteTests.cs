using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace MSTest.Consumer;

/// <summary>Replays Cassettes/CassetteTests/*.json, recorded once with a real echo: nothing is spawned.</summary>
[TestClass]
public sealed class CassetteTests : ProcessKitTest
{
    [TestMethod]
    [Cassette(Mode = CassetteMode.ReplayOnly)]
    public async Task Replays_the_recorded_echo()
    {
        // No runner given: the test's cassette is the ambient runner.
        var output = await new Command("echo", "hello from a cassette").RunAsync(CancellationToken);

        Assert.AreEqual("hello from a cassette", output);
        Assert.AreEqual(1, TestCassette.Current.ReplayedCount);
    }
}
