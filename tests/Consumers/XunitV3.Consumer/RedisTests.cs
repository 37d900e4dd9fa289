using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using StackExchange.Redis;

[assembly: ProcessKitTest]

namespace XunitV3.Consumer;

public sealed class RedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer() => new RedisServerBuilder().Build();
}

/// <summary>A real redis-server from the fixture, talked to by a real client.</summary>
public sealed class RedisTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Stores_and_reads_a_value_with_StackExchange_Redis()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("greeting", "hello");

        Assert.Equal("hello", (string?)await database.StringGetAsync("greeting"));
    }
}
