using Integration.XunitV3.Infrastructure;
using ProcessKit.Core.Tests.Infrastructure;
using StackExchange.Redis;

namespace Integration.XunitV3.Servers;

/// <summary>A real redis-server as a fixture, talked to with redis-cli through a Command and with StackExchange.Redis.</summary>
public sealed class RedisTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [LinuxFact]
    public Task A_value_set_through_redis_cli_is_read_back() =>
        FixtureLifetime.UseAsync(new RedisFixture(), async redis =>
        {
            await redis.CliCommand("SET", "greeting", "hello").RunAsync(Token);

            Assert.Equal("hello", await redis.CliCommand("GET", "greeting").RunAsync(Token));
        });

    [LinuxFact]
    public Task Redis_keeps_nothing_between_restarts_because_persistence_is_off() =>
        FixtureLifetime.UseAsync(new RedisFixture(), async redis =>
        {
            await redis.CliCommand("SET", "k", "v").RunAsync(Token);
            var port = redis.Port;

            await redis.RestartAsync(Token);

            Assert.Equal(port, redis.Port);
            Assert.Equal("", await redis.CliCommand("GET", "k").RunAsync(Token));
        });

    [LinuxFact]
    public Task StackExchange_Redis_and_redis_cli_reach_the_same_server() =>
        FixtureLifetime.UseAsync(new RedisFixture(), async redis =>
        {
            await using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var database = client.GetDatabase();

            Assert.True(await database.StringSetAsync("client:greeting", "hello"));
            Assert.Equal("hello", await redis.CliCommand("GET", "client:greeting").RunAsync(Token));
            await redis.CliCommand("SET", "cli:greeting", "hi").RunAsync(Token);
            Assert.Equal("hi", (string?)await database.StringGetAsync("cli:greeting"));
        });
}
