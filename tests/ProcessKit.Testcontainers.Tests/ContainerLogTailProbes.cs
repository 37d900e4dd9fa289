using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;
using ProcessKit.Testing.XunitV3;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>A redis helper server in a container, as a class fixture of the xunit adapter.</summary>
public sealed class ContainerRedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        return new RedisServerBuilder().Configure(b => b.WithContainer(DockerEngineFacts.RedisImage, ServerHostChoice.Container)).Build();
    }
}

/// <summary>
/// Probes that <see cref="ContainerLogTailTests"/> runs in a child xunit run of this assembly
/// (<see cref="Variable"/> set) and examines from outside, as tests/Integration.XunitV3 does for
/// process servers: one fails on purpose, so in an ordinary run they skip.
/// </summary>
[ProcessKitTest]
public sealed class ContainerLogTailProbes(ContainerRedisFixture redis) : IClassFixture<ContainerRedisFixture>
{
    /// <summary>Set in the child run: the probes run.</summary>
    public const string Variable = "PROCESSKIT_CONTAINER_PROBES";

    [Fact]
    public async Task Fails_after_using_the_server()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable(Variable) == "1", $"a probe: ContainerLogTailTests runs it ({Variable}=1) and checks what xunit attached");
        Assert.Equal("+PONG", await TcpClientText.AskAsync(redis.Server.Host, redis.Server.Port, "PING"));

        Assert.Fail("fails on purpose, so that the container server's log tail is attached");
    }

    [Fact]
    public async Task Passes_after_using_the_server()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable(Variable) == "1", $"a probe: ContainerLogTailTests runs it ({Variable}=1) and checks what xunit attached");

        Assert.Equal("+PONG", await TcpClientText.AskAsync(redis.Server.Host, redis.Server.Port, "PING"));
    }
}
