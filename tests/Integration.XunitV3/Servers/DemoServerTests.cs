using Integration.XunitV3.Infrastructure;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Servers;

/// <summary>The demo server, which needs nothing installed, talked to over TCP.</summary>
public sealed class DemoServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [LinuxFact]
    public Task The_demo_server_answers_over_tcp_and_is_gone_after_its_fixture() =>
        FixtureLifetime.UseAsync(new DemoFixture(), async demo =>
        {
            Assert.Equal("PONG", await demo.SendAsync("PING", Token));
            Assert.Equal("echo me", await demo.SendAsync("ECHO echo me", Token));
        });
}
