using Integration.XunitV3.Infrastructure;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Servers;

/// <summary>A real redis-server as a fixture, talked to with redis-cli through a Command.</summary>
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
}
