using StackExchange.Redis;

namespace XunitV3.Sample;

/// <summary>A real redis-server, talked to with StackExchange.Redis and with redis-cli (package redis-tools) through a Command.</summary>
public sealed class RedisTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_and_reads_back_a_value()
    {
        await redis.Server.CliCommand("SET", "greeting", "hello").RunAsync(Token);

        Assert.Equal("hello", await redis.Server.CliCommand("GET", "greeting").RunAsync(Token));
    }

    [Fact]
    public async Task Serves_the_application_through_StackExchange_Redis()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("language", "C#");

        Assert.Equal("C#", (string?)await database.StringGetAsync("language"));
        Assert.Equal("C#", await redis.Server.CliCommand("GET", "language").RunAsync(Token));
    }

    [Fact]
    public async Task Counts_atomically()
    {
        await redis.Server.CliCommand("DEL", "visits").RunAsync(Token);

        await redis.Server.CliCommand("INCR", "visits").RunAsync(Token);
        var visits = await redis.Server.CliCommand("INCR", "visits").RunAsync(Token);

        Assert.Equal("2", visits);
    }
}
