using Integration.MSTest.Infrastructure;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Servers;

/// <summary>A real nginx (master and workers) shared by the class, asked over HTTP with HttpClient.</summary>
[TestClass]
public sealed class NginxTests : ProcessKitTest
{
    private static readonly ServerFixture<NginxServer> Nginx = new(() => new NginxServerBuilder()
        .WithServerDirectives("location = /hello { default_type text/plain; return 200 \"hello from nginx\"; }")
        .Build());

    private static IReadOnlyList<(int Pid, string StartTime)> _processes = [];

    [ClassInitialize]
    public static async Task StartNginxAsync(TestContext context)
    {
        await Nginx.StartAsync(context);
        if (Nginx.IsStarted)
        {
            _processes = ProcessTree.Snapshot(Nginx.Server.ProcessIds);
        }
    }

    [ClassCleanup]
    public static async Task StopNginxAsync()
    {
        await Nginx.DisposeAsync();
        ProcessTree.AssertGone(_processes);
    }

    [TestMethod]
    public async Task Answers_an_HTTP_request()
    {
        var nginx = Use(Nginx);
        using var http = new HttpClient { BaseAddress = nginx.BaseAddress };

        var body = await http.GetStringAsync(new Uri("hello", UriKind.Relative), CancellationToken);

        Assert.AreEqual("hello from nginx", body);
    }

    [TestMethod]
    public void Runs_a_master_and_its_workers_in_one_contained_tree()
    {
        var nginx = Use(Nginx);

        Assert.IsGreaterThan(1, nginx.ProcessIds.Count);
    }
}
