using Integration.XunitV3.Infrastructure;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Servers;

/// <summary>A real nginx (master and workers) as a fixture, asked over HTTP.</summary>
public sealed class NginxTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [LinuxFact]
    public Task Nginx_answers_an_http_request() =>
        FixtureLifetime.UseAsync(new NginxFixture(), async nginx =>
        {
            using var client = new HttpClient { BaseAddress = nginx.BaseAddress };

            using var response = await client.GetAsync("/", Token);

            Assert.True(response.IsSuccessStatusCode, $"nginx answered {(int)response.StatusCode}");
            Assert.Equal("nginx\n", await response.Content.ReadAsStringAsync(Token));
            Assert.True(nginx.ProcessIds.Count >= 2, $"nginx should run a master and a worker, not {nginx.ProcessIds.Count} processes");
        });
}
