using ProcessKit;

namespace Scaffold;

public sealed class EchoTests
{
    [Test]
    public async Task Echo_prints_its_argument()
    {
        Assert.That(await new Command("echo", "hello").RunAsync(TestContext.CurrentContext.CancellationToken), Is.EqualTo("hello"));
    }
}
