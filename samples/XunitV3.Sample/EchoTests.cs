using ProcessKit;

namespace Scaffold;

public sealed class EchoTests
{
    [Fact]
    public async Task Echo_prints_its_argument()
    {
        Assert.Equal("hello", await new Command("echo", "hello").RunAsync(TestContext.Current.CancellationToken));
    }
}
