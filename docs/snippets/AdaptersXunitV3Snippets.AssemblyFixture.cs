// The assembly-fixture example of docs/adapters/xunit-v3.md: an assembly attribute must precede
// every namespace, so this type lives in the global namespace of a file of its own.
#pragma warning disable CA1050 // Declare types in namespaces: see above.
#pragma warning disable CA1707 // Test names in the guide read as sentences, as in the repository's tests.
using Xunit;
using Assert = Xunit.Assert;
using TestContext = Xunit.TestContext;   // MSTest's TestContext is imported globally in this project.

// One server for the whole test assembly, created before the first test.
[assembly: AssemblyFixture(typeof(RedisFixture))]

public sealed class SessionTests(RedisFixture redis)
{
    [Fact]
    public async Task Pings() =>
        Assert.Equal("PONG", await redis.Server.CliCommand("PING").RunAsync(TestContext.Current.CancellationToken));
}
