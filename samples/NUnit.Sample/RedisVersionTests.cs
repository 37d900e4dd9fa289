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

    /// <summary>Runs the real redis-server through a spy that records which commands ran; ignored, naming the package, where redis-server is not installed.</summary>
    [Test]
    public async Task Asks_redis_server_once()
    {
        var spy = new RecordingRunner(ProcessRunner.Current);

        Version version;
        try
        {
            version = await RedisVersion.ReadAsync(spy);
        }
        catch (ProcessNotFoundException missing)
        {
            throw new IgnoreException($"{missing.Program} is not installed (apt-get install redis-server)");
        }

        Assert.That(version.Major, Is.GreaterThanOrEqualTo(5));
        spy.AssertRan(CommandPattern.Exact("redis-server", "--version"), times: 1);
    }
}
