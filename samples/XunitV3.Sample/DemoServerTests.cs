using System.Net.Sockets;

namespace XunitV3.Sample;

/// <summary>The demo server's line protocol, spoken over a TcpClient; the server is shared by the collection.</summary>
[Collection(DemoServerGroup.Name)]
public sealed class DemoServerTests(DemoServerFixture demo)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_ping_over_tcp()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(demo.Server.Host, demo.Server.Port, Token);
        await using var stream = client.GetStream();
        await using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        using var reader = new StreamReader(stream);

        await writer.WriteLineAsync("PING".AsMemory(), Token);

        Assert.Equal("PONG", await reader.ReadLineAsync(Token));
    }
}

/// <summary>Another class of the collection: the same demo server, through the preset's one-line client.</summary>
[Collection(DemoServerGroup.Name)]
public sealed class DemoServerEchoTests(DemoServerFixture demo)
{
    [Fact]
    public async Task Echoes_a_line()
    {
        Assert.Equal("hello demo", await demo.Server.SendAsync("ECHO hello demo", TestContext.Current.CancellationToken));
    }
}
