using Integration.NUnit.Infrastructure;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;
using StackExchange.Redis;

namespace Integration.NUnit.Servers;

/// <summary>A real redis-server shared by the fixture's tests, which run in parallel on their own keys.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class RedisTests
{
    private readonly ServerFixture<RedisServer> _redis = ServerFixture.Of(new RedisServerBuilder());

    [OneTimeSetUp]
    public Task StartRedis() => _redis.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopRedis() => _redis.DisposeAsync();

    [Test]
    public async Task Stores_and_reads_a_value_through_redis_cli()
    {
        var redis = _redis.Server;

        await redis.CliCommand("SET", "nunit:greeting", "hello").RunAsync();

        Assert.That(await redis.CliCommand("GET", "nunit:greeting").RunAsync(), Is.EqualTo("hello"));
    }

    [Test]
    public async Task StackExchange_Redis_and_redis_cli_reach_the_same_server()
    {
        var redis = _redis.Server;
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = client.GetDatabase();

        Assert.That(await database.StringSetAsync("nunit:client", "hello"), Is.True);
        Assert.That(await redis.CliCommand("GET", "nunit:client").RunAsync(), Is.EqualTo("hello"));
        await redis.CliCommand("SET", "nunit:cli", "hi").RunAsync();
        Assert.That((string?)await database.StringGetAsync("nunit:cli"), Is.EqualTo("hi"));
    }

    [Test]
    public async Task Counts_in_parallel_with_the_other_tests()
    {
        var redis = _redis.Server;

        await redis.CliCommand("INCRBY", "nunit:counter", "2").RunAsync();
        await redis.CliCommand("INCRBY", "nunit:counter", "3").RunAsync();

        Assert.That(await redis.CliCommand("GET", "nunit:counter").RunAsync(), Is.EqualTo("5"));
    }

    [Test]
    public async Task A_server_of_its_own_leaves_no_process_once_disposed()
    {
        var started = new ProcessTree();
        await using (var own = ServerFixture.Of(new RedisServerBuilder()))
        {
            await own.StartAsync();
            var redis = own.Server;
            started.Add(redis.ProcessIds);
            Assert.That(await redis.CliCommand("PING").RunAsync(), Is.EqualTo("PONG"));
            Assert.That(redis.Port, Is.Not.EqualTo(_redis.Server.Port), "each server gets its own free port");
        }

        Assert.That(started.Count, Is.Positive);
        started.AssertAllGone();
    }
}
