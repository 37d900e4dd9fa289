using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace NUnit.Consumer;

/// <summary>Replays Cassettes/CassetteTests/*.json, recorded once with a real echo: nothing is spawned.</summary>
public sealed class CassetteTests
{
    [Test, Cassette(Mode = CassetteMode.ReplayOnly)]
    public async Task Replays_the_recorded_echo()
    {
        // No runner given: the test's cassette is the ambient runner.
        var output = await new Command("echo", "hello from a cassette").RunAsync();

        Assert.That(output, Is.EqualTo("hello from a cassette"));
        Assert.That(TestCassette.Current.ReplayedCount, Is.EqualTo(1));
    }
}
