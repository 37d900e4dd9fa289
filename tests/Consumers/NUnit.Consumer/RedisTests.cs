using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;
using StackExchange.Redis;

[assembly: ProcessKitTest]

namespace NUnit.Consumer;

/// <summary>A real redis-server shared by the fixture, talked to by a real client.</summary>
public sealed class RedisTests
{
    private readonly ServerFixture<RedisServer> _redis = ServerFixture.Of(new RedisServerBuilder());

    [OneTimeSetUp]
    public Task StartRedis() => _redis.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopRedis() => _redis.DisposeAsync();

    [Test]
    public async Task Stores_and_reads_a_value_with_StackExchange_Redis()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("greeting", "hello");

        Assert.That((string?)await database.StringGetAsync("greeting"), Is.EqualTo("hello"));
    }
}
