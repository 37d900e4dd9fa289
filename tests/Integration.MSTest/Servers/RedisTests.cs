using Integration.MSTest.Infrastructure;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;
using StackExchange.Redis;

namespace Integration.MSTest.Servers;

/// <summary>A real redis-server shared by the class, driven with redis-cli through Command and with StackExchange.Redis.</summary>
[TestClass]
public sealed class RedisTests : ProcessKitTest
{
    private static readonly ServerFixture<RedisServer> Redis = new(() => new RedisServerBuilder().Build());
    private static IReadOnlyList<(int Pid, string StartTime)> _processes = [];

    [ClassInitialize]
    public static async Task StartRedisAsync(TestContext context)
    {
        await Redis.StartAsync(context);
        if (Redis.IsStarted)
        {
            _processes = ProcessTree.Snapshot(Redis.Server.ProcessIds);
        }
    }

    [ClassCleanup]
    public static async Task StopRedisAsync()
    {
        await Redis.DisposeAsync();
        ProcessTree.AssertGone(_processes);
    }

    [TestMethod]
    public async Task Stores_and_reads_a_value_through_redis_cli()
    {
        var redis = Use(Redis);
        SkipUnlessInstalled("/usr/bin/redis-cli", "redis-tools");
        var key = $"greeting-{Guid.NewGuid():N}";

        Assert.AreEqual("OK", await redis.CliCommand("SET", key, "hello").WithRunner(Runner).RunAsync(CancellationToken));
        Assert.AreEqual("hello", await redis.CliCommand("GET", key).WithRunner(Runner).RunAsync(CancellationToken));
    }

    [TestMethod]
    public async Task Parallel_tests_share_one_server()
    {
        var redis = Use(Redis);
        SkipUnlessInstalled("/usr/bin/redis-cli", "redis-tools");

        var pong = await redis.CliCommand("PING").WithRunner(Runner).RunAsync(CancellationToken);

        Assert.AreEqual("PONG", pong);
        Assert.AreSame(Redis.Server, redis);
    }

    [TestMethod]
    public async Task StackExchange_Redis_and_redis_cli_reach_the_same_server()
    {
        var redis = Use(Redis);
        SkipUnlessInstalled("/usr/bin/redis-cli", "redis-tools");
        var key = $"client-{Guid.NewGuid():N}";
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = client.GetDatabase();

        Assert.IsTrue(await database.StringSetAsync(key, "hello"));
        Assert.AreEqual("hello", await redis.CliCommand("GET", key).WithRunner(Runner).RunAsync(CancellationToken));
        await redis.CliCommand("SET", key, "hi").WithRunner(Runner).RunAsync(CancellationToken);
        Assert.AreEqual("hi", (string?)await database.StringGetAsync(key));
    }

    private static void SkipUnlessInstalled(string program, string package)
    {
        if (!File.Exists(program))
        {
            Assert.Inconclusive($"{program} is not installed (apt-get install {package})");
        }
    }
}
