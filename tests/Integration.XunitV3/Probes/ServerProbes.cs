using System.Net;
using System.Net.Sockets;
using ProcessKit.Samples;
using ProcessKit.Testing;

namespace Integration.XunitV3.Probes;

/// <summary>
/// What the probes share: one connection to the demo server, from a client port of its own, and a
/// wait until the server's line about that very connection ("connection N from 127.0.0.1:PORT")
/// has reached this test's output.
/// </summary>
internal static class Probe
{
    public static async Task ConnectAsync(DemoServer server)
    {
        var output = TestContext.Current.TestOutputHelper!;
        var token = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, token);
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        await using var stream = client.GetStream();
        await stream.WriteAsync("PING\n"u8.ToArray(), token);
        using var reader = new StreamReader(stream);
        Assert.Equal("PONG", await reader.ReadLineAsync(token));

        var line = $" from 127.0.0.1:{clientPort}";
        while (!output.Output.Contains(line, StringComparison.Ordinal))
        {
            await Task.Delay(10, token);
        }

        output.WriteLine($"probe: port {server.Port}, client {clientPort}");
    }
}

/// <summary>Two tests of one class fixture: each gets the lines the server wrote during its own run.</summary>
public sealed class OutputProbes(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public Task First_connection() => Probe.ConnectAsync(demo.Server);

    [Fact]
    public Task Second_connection() => Probe.ConnectAsync(demo.Server);
}

/// <summary>A failing test gets the server's log tail attached; a passing one does not.</summary>
public sealed class FailureProbes(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Fails_after_using_the_server()
    {
        await Probe.ConnectAsync(demo.Server);
        Assert.Fail("the probe fails on purpose");
    }

    [Fact]
    public Task Passes_after_using_the_server() => Probe.ConnectAsync(demo.Server);
}

/// <summary>A server that crashed during startup is the error of every test of the class, whether it reads the server or not.</summary>
public sealed class CrashProbes(CrashingFixture crashing) : IClassFixture<CrashingFixture>
{
    [Fact]
    public void Reads_the_server() => Assert.NotNull(crashing.Server);

    [Fact]
    public void Never_reads_the_server()
    {
    }
}

/// <summary>A server whose program is missing skips every test of the class.</summary>
public sealed class MissingProgramProbes(MissingRedisFixture redis) : IClassFixture<MissingRedisFixture>
{
    [Fact]
    public void Reads_the_server() => Assert.NotNull(redis.Server);

    [Fact]
    public void Never_reads_the_server()
    {
    }
}

/// <summary>Two classes of one collection share its fixture.</summary>
[Collection(SharedDemoServerDefinition.Name)]
public sealed class FirstCollectionProbes(DemoFixture demo)
{
    [Fact]
    public Task Connects() => Probe.ConnectAsync(demo.Server);
}

/// <summary>The other class of the collection.</summary>
[Collection(SharedDemoServerDefinition.Name)]
public sealed class SecondCollectionProbes(DemoFixture demo)
{
    [Fact]
    public Task Connects() => Probe.ConnectAsync(demo.Server);
}

/// <summary>Two classes, possibly in parallel, share the assembly fixture.</summary>
public sealed class FirstAssemblyProbes(AssemblyDemoServer demo)
{
    [Fact]
    public Task Connects() => Probe.ConnectAsync(demo.Server);
}

/// <summary>The other class of the assembly fixture.</summary>
public sealed class SecondAssemblyProbes(AssemblyDemoServer demo)
{
    [Fact]
    public Task Connects() => Probe.ConnectAsync(demo.Server);
}

/// <summary>A class that reads the crashed server in its constructor fails with the start's exception too.</summary>
public sealed class CrashInConstructorProbes(CrashingFixture crashing) : IClassFixture<CrashingFixture>
{
    private readonly HelperServer _server = crashing.Server;

    [Fact]
    public void Uses_the_server() => Assert.NotNull(_server);
}

/// <summary>A class that reads a missing server in its constructor is skipped too.</summary>
public sealed class MissingInConstructorProbes(MissingRedisFixture redis) : IClassFixture<MissingRedisFixture>
{
    private readonly RedisServer _server = redis.Server;

    [Fact]
    public void Uses_the_server() => Assert.NotNull(_server);
}
