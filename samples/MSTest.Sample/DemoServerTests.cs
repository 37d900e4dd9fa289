using System.Net.Sockets;
using System.Text;
using ProcessKit.Samples;
using ProcessKit.Testing.MSTest;

namespace MSTest.Sample;

/// <summary>The repository's demo server (nothing to install), spoken to over a plain TcpClient.</summary>
[TestClass]
public sealed class DemoServerTests : ProcessKitTest
{
    [TestMethod]
    public async Task Echoes_a_line()
    {
        DemoServer demo = Use(SampleServers.Demo);
        using var client = new TcpClient();
        await client.ConnectAsync(demo.Host, demo.Port, CancellationToken);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("ECHO hello demo\n"), CancellationToken);

        Assert.AreEqual("hello demo", await reader.ReadLineAsync(CancellationToken));
    }
}
