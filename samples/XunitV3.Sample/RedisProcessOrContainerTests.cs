using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;
using ProcessKit.Testing.XunitV3;
using StackExchange.Redis;

namespace XunitV3.Sample;

/// <summary>
/// One test class, the same redis fixture as a contained process and as a container: the tests
/// are written once and run once per host (<see cref="RedisAsProcessTests"/>,
/// <see cref="RedisAsContainerTests"/>). Without redis-server the process case skips naming the
/// package (apt-get install redis-server); without a Docker engine the container case skips saying so.
/// </summary>
/// <typeparam name="TFixture">The fixture, hosted as a process or as a container.</typeparam>
public abstract class RedisProcessOrContainerTests<TFixture>(TFixture redis) : IClassFixture<TFixture>
    where TFixture : RedisFixtureOn
{
    [Fact]
    public async Task Stores_and_reads_back_a_value()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("greeting", "hello");

        Assert.Equal("hello", (string?)await database.StringGetAsync("greeting"));
    }

    [Fact]
    public async Task Counts_atomically()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();
        await database.KeyDeleteAsync("visits");

        await database.StringIncrementAsync("visits");

        Assert.Equal(2, await database.StringIncrementAsync("visits"));
    }
}

/// <summary>The tests of <see cref="RedisProcessOrContainerTests{TFixture}"/> against a contained redis-server process.</summary>
public sealed class RedisAsProcessTests(RedisProcessFixture redis) : RedisProcessOrContainerTests<RedisProcessFixture>(redis);

/// <summary>The same tests against the same server in a container.</summary>
public sealed class RedisAsContainerTests(RedisContainerFixture redis) : RedisProcessOrContainerTests<RedisContainerFixture>(redis);

/// <summary>The redis fixture of <see cref="RedisProcessOrContainerTests{TFixture}"/>: one definition, hosted as <paramref name="host"/> says.</summary>
/// <param name="host">Process or container; the same builder either way.</param>
public abstract class RedisFixtureOn(ServerHostChoice host) : ServerFixture<RedisServer>
{
    /// <summary>
    /// The image of the container case. The project's CI builds <c>processkit/redis:local</c> from
    /// the host's own redis-server (.ci/docker.sh); a suite of your own names an image such as
    /// <c>redis:7</c> (and passes <c>pullImages: true</c> when the engine may pull it).
    /// </summary>
    public const string Image = "processkit/redis:local";

    protected override RedisServer CreateServer() => new RedisServerBuilder().Configure(b => b.WithContainer(Image, host)).Build();

    protected override ValueTask OnStartedAsync(RedisServer server, CancellationToken cancellationToken) => NothingLeftRunning.Track(server);
}

/// <summary>The redis fixture as a contained process.</summary>
public sealed class RedisProcessFixture() : RedisFixtureOn(ServerHostChoice.Process);

/// <summary>The redis fixture as a container (host networking, the same port, readiness and log).</summary>
public sealed class RedisContainerFixture() : RedisFixtureOn(ServerHostChoice.Container)
{
    /// <summary>
    /// Without an engine, a "not installed" failure, which the adapter turns into a skip of the
    /// tests that use the fixture (an explicit container server would otherwise fail them).
    /// </summary>
    protected override RedisServer CreateServer() => EngineAnswers(out var endpoint)
        ? base.CreateServer()
        : throw new ServerBinaryNotFoundException("redis", "a Docker engine", package: null, $"none answered at {endpoint}; start one or set DOCKER_HOST", []);

    private static bool EngineAnswers(out string endpoint)
    {
        endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "the default socket";
        try
        {
            using var client = TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder(ResourceReaper.DefaultSessionId).Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return true;
        }
#pragma warning disable CA1031 // No engine, for whatever reason: the container case skips.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
