using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;
using StackExchange.Redis;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace MSTest.Consumer;

/// <summary>A real redis-server shared by the class, talked to by a real client.</summary>
[TestClass]
public sealed class RedisTests : ProcessKitTest
{
    private static readonly ServerFixture<RedisServer> Redis = new(() => new RedisServerBuilder().Build());

    [ClassInitialize]
    public static Task StartRedisAsync(TestContext context) => Redis.StartAsync(context);

    [ClassCleanup]
    public static ValueTask StopRedisAsync() => Redis.DisposeAsync();

    [TestMethod]
    public async Task Stores_and_reads_a_value_with_StackExchange_Redis()
    {
        RedisServer redis = Use(Redis);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("greeting", "hello");

        Assert.AreEqual("hello", (string?)await database.StringGetAsync("greeting"));
    }
}
