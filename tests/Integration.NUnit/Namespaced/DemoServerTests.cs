using System.Net.Sockets;

namespace Integration.NUnit.Namespaced;

/// <summary>Tests that share the namespace's demo server (a [SetUpFixture]), in parallel, each on its own connection.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class DemoServerTests
{
    [TestCase("PING", "PONG")]
    [TestCase("ECHO hello there", "hello there")]
    public async Task Answers_over_a_tcp_connection(string request, string reply)
    {
        var demo = DemoServerSetUp.Demo.Server;
        var token = TestContext.CurrentContext.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(demo.Host, demo.Port, token);
        using var reader = new StreamReader(client.GetStream());
        await using var writer = new StreamWriter(client.GetStream()) { AutoFlush = true, NewLine = "\n" };

        await writer.WriteLineAsync(request.AsMemory(), token);

        Assert.That(await reader.ReadLineAsync(token), Is.EqualTo(reply));
    }

    [Test]
    public void Runs_as_a_process_of_this_run() =>
        Assert.That(DemoServerSetUp.Demo.Server.ProcessIds, Is.Not.Empty, "the demo server was started here, not found running elsewhere");
}
