using ProcessKit;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace Scaffold;

[TestClass]
public sealed class EchoTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Echo_prints_its_argument()
    {
        Assert.AreEqual("hello", await new Command("echo", "hello").RunAsync(TestContext.CancellationToken));
    }
}
