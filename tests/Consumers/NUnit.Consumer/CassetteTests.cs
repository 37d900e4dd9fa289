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
        var output = await new Command("echo", "hello from a cassette").WithRunner(TestCassette.Current).RunAsync();

        Assert.That(output, Is.EqualTo("hello from a cassette"));
    }
}
