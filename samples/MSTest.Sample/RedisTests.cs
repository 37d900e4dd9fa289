using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace MSTest.Sample;

/// <summary>Code that shells out to redis-cli, tested against a real redis-server, with a spy on the commands it runs.</summary>
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
}

/// <summary>The code under test: it keeps greetings in Redis through redis-cli, on whatever runner it is given.</summary>
public sealed class GreetingStore(RedisServer redis, IProcessRunner runner)
{
    public Task SaveAsync(string name, string greeting, CancellationToken cancellationToken) =>
        redis.CliCommand("SET", $"greeting:{name}", greeting).WithRunner(runner).RunAsync(cancellationToken);

    public Task<string> ReadAsync(string name, CancellationToken cancellationToken) =>
        redis.CliCommand("GET", $"greeting:{name}").WithRunner(runner).RunAsync(cancellationToken);
}
