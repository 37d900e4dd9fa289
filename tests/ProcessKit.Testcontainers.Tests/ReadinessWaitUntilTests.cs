using System.Net;
using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>ProcessKit's probes as Testcontainers wait strategies, on containers built with Testcontainers' own builder.</summary>
public sealed class ReadinessWaitUntilTests
{
    private static ContainerBuilder Container(string image, params string[] command) =>
        new ContainerBuilder(image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCommand(command)
            .WithCreateParameterModifier(p => (p.HostConfig ??= new()).NetworkMode = "host");

    [Fact]
    public async Task A_line_probe_makes_the_container_ready_once_its_line_is_logged()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        using var claim = PortAllocator.Shared.ClaimFreePort("wait-test");
        var port = claim.Port;
        await using var container = Container(DockerEngineFacts.RedisImage, "redis-server", "--port", $"{port}", "--bind", "127.0.0.1", "--save", "")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(new Regex("Ready to accept connections"))))
            .Build();

        await container.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("+PONG", await TcpClientText.AskAsync("127.0.0.1", port, "PING"));
    }

    [Fact]
    public async Task Port_http_file_and_custom_probes_work_as_wait_strategies()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.NginxImage);
        using var claim = PortAllocator.Shared.ClaimFreePort("wait-test");
        var port = claim.Port;
        var directory = Directory.CreateTempSubdirectory("pk-wait-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
                daemon off;
                pid {{directory}}/nginx.pid;
                error_log stderr notice;
                events { worker_connections 16; }
                http { access_log off; server { listen 127.0.0.1:{{port}}; location / { return 204; } } }
                """, TestContext.Current.CancellationToken);
            var checks = 0;
            await using var container = Container(DockerEngineFacts.NginxImage, "nginx", "-p", directory, "-c", $"{directory}/nginx.conf", "-e", "stderr")
                .WithBindMount(directory, directory)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilReady(ReadinessProbe.All(
                    ReadinessProbe.TcpPort(port),
                    ReadinessProbe.Http(new Uri($"http://127.0.0.1:{port}/"), status => status == HttpStatusCode.NoContent),
                    ReadinessProbe.FileExists(Path.Combine(directory, "nginx.pid")),
                    ReadinessProbe.Condition("a custom check", _ => Task.FromResult(Interlocked.Increment(ref checks) > 0)))))
                .Build();

            await container.StartAsync(TestContext.Current.CancellationToken);

            Assert.True(File.Exists(Path.Combine(directory, "nginx.pid")));
            Assert.True(checks > 0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_container_that_exits_before_its_line_fails_the_start_at_once_with_its_last_lines()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        await using var container = Container(DockerEngineFacts.RedisImage, "redis-server", "--no-such-option", "x")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(new Regex("Ready to accept connections")), TimeSpan.FromMinutes(5)))
            .Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => container.StartAsync(TestContext.Current.CancellationToken));

        // Testcontainers checks that the container runs before each wait: when the exit comes
        // first, its own error says so; otherwise the probe's names the exit and shows the lines.
        if (error is ProcessExitedBeforeReadyException)
        {
            Assert.Contains("no-such-option", error.Message, StringComparison.Ordinal);
        }
    }
}
