using System.Net;
using Integration.NUnit.Infrastructure;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Servers;

/// <summary>A real nginx (a master and its workers) answering HTTP requests from HttpClient.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class NginxTests
{
    private readonly ServerFixture<NginxServer> _nginx = ServerFixture.Of(
        new NginxServerBuilder().WithServerDirectives("location /hello { return 200 \"hello from nginx\"; }"));

    [OneTimeSetUp]
    public Task StartNginx() => _nginx.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopNginx() => _nginx.DisposeAsync();

    [Test]
    public async Task Answers_an_http_request()
    {
        using var client = new HttpClient { BaseAddress = _nginx.Server.BaseAddress };

        using var response = await client.GetAsync(new Uri("hello", UriKind.Relative), TestContext.CurrentContext.CancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(TestContext.CurrentContext.CancellationToken), Is.EqualTo("hello from nginx"));
    }

    [Test]
    public async Task A_server_of_its_own_stops_its_master_and_workers()
    {
        var started = new ProcessTree();
        await using (var own = ServerFixture.Of(new NginxServerBuilder().WithWorkerProcesses(2)))
        {
            await own.StartAsync();
            started.Add(own.Server.ProcessIds);
        }

        Assert.That(started.Count, Is.GreaterThanOrEqualTo(3), "a master and two workers were running");
        started.AssertAllGone();
    }
}
