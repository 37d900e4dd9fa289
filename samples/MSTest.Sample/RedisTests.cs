using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;
using StackExchange.Redis;

namespace MSTest.Sample;

/// <summary>
/// A real redis-server, reached through StackExchange.Redis; and code that shells out to redis-cli,
/// tested against it with a spy on the commands it runs.
/// </summary>
[TestClass]
public sealed class RedisTests : ProcessKitTest
{
    [TestMethod]
    public async Task Stores_a_greeting()
    {
        RedisServer redis = Use(SampleServers.Redis);
        var spy = new RecordingRunner(Runner);
        var greetings = new GreetingStore(redis, spy);

        await greetings.SaveAsync("alice", "hello", CancellationToken);

        Assert.AreEqual("hello", await greetings.ReadAsync("alice", CancellationToken));
        spy.AssertRanInOrder(
            CommandPattern.Exact(redis.CliCommand("SET", "greeting:alice", "hello")),
            CommandPattern.Exact(redis.CliCommand("GET", "greeting:alice")));
    }

    [TestMethod]
    public async Task Serves_the_application_through_StackExchange_Redis()
    {
        RedisServer redis = Use(SampleServers.Redis);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("language", "C#");

        Assert.AreEqual("C#", (string?)await database.StringGetAsync("language"));
        Assert.AreEqual("C#", await redis.CliCommand("GET", "language").WithRunner(Runner).RunAsync(CancellationToken));
    }
}

/// <summary>The code under test: it keeps greetings in Redis through redis-cli, on whatever runner it is given.</summary>
public sealed class GreetingStore(RedisServer redis, IProcessRunner runner)
{
    public Task SaveAsync(string name, string greeting, CancellationToken cancellationToken) =>
        redis.CliCommand("SET", $"greeting:{name}", greeting).WithRunner(runner).RunAsync(cancellationToken);

    public Task<string> ReadAsync(string name, CancellationToken cancellationToken) =>
        redis.CliCommand("GET", $"greeting:{name}").WithRunner(runner).RunAsync(cancellationToken);
}
