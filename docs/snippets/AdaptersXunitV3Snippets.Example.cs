// The complete example of docs/adapters/xunit-v3.md (and of the README): an assembly attribute must
// precede every namespace, so these types live in the global namespace of a file of their own.
#pragma warning disable CA1050 // Declare types in namespaces: see above.
#pragma warning disable CA1707 // Test names in the guide read as sentences, as in the repository's tests.
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using Xunit;
using Assert = Xunit.Assert;
using TestContext = Xunit.TestContext;   // MSTest's TestContext is imported globally in this project.

[assembly: ProcessKitTest]

public sealed class RedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer() => new RedisServerBuilder().Build();
}

public sealed class CacheTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Stores_a_value()
    {
        var token = TestContext.Current.CancellationToken;
        await redis.Server.CliCommand("SET", "greeting", "hello").RunAsync(token);
        Assert.Equal("hello", await redis.Server.CliCommand("GET", "greeting").RunAsync(token));
    }
}
