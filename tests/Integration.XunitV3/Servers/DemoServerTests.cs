using Integration.XunitV3.Infrastructure;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Servers;

/// <summary>The demo server, needing nothing installed: as a fixture of one test, and as this assembly's shared fixture.</summary>
public sealed class DemoServerTests(SharedDemoServer shared)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [LinuxFact]
    public Task The_demo_server_answers_over_tcp_and_is_gone_after_its_fixture() =>
        FixtureLifetime.UseAsync(new DemoFixture(), async demo =>
        {
            Assert.Equal("PONG", await demo.SendAsync("PING", Token));
            Assert.Equal("echo me", await demo.SendAsync("ECHO echo me", Token));
        });

    [LinuxFact]
    public async Task The_assembly_fixture_serves_every_class()
    {
        Assert.Equal("PONG", await shared.Server.SendAsync("PING", Token));
    }

    [LinuxFact]
    public async Task What_the_shared_server_logs_during_this_test_reaches_this_test_output()
    {
        var output = TestContext.Current.TestOutputHelper!;

        await shared.Server.SendAsync("ECHO routed", Token);

        await ProcessAssert.WaitUntilAsync(() => output.Output.Contains("[demo] connection", StringComparison.Ordinal), "the server's connection line in this test's output");
    }
}
