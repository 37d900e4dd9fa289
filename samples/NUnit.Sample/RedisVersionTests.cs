using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace NUnit.Sample;

/// <summary>Testing code that shells out: replayed from a cassette, and spied on with a RecordingRunner.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class RedisVersionTests
{
    /// <summary>Recorded once into Cassettes/RedisVersionTests/, then replayed offline: redis need not be installed.</summary>
    [Test, Cassette]
    public async Task Reads_the_version_from_a_cassette()
    {
        var version = await RedisVersion.ReadAsync(TestCassette.Current);

        Assert.That(version, Is.EqualTo(new Version(7, 0, 15)));
    }

    /// <summary>Runs the real redis-server through a spy that records which commands ran.</summary>
    [Test]
    public async Task Asks_redis_server_once()
    {
        var spy = new RecordingRunner(ProcessRunner.Current);

        var version = await RedisVersion.ReadAsync(spy);

        Assert.That(version.Major, Is.GreaterThanOrEqualTo(5));
        spy.AssertRan(CommandPattern.Exact("redis-server", "--version"), times: 1);
    }
}
