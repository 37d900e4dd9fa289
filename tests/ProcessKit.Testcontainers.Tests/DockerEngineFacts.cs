using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>
/// The engine the container tests run against (.ci/docker.sh starts a private one) and the local
/// images it built. Without an engine, every container test is skipped saying so.
/// </summary>
internal static class DockerEngineFacts
{
    internal const string RedisImage = "processkit/redis:local";
    internal const string NginxImage = "processkit/nginx:local";
    internal const string PostgresImage = "processkit/postgres:local";

    private static readonly Lazy<DockerClient?> SharedClient = new(() =>
    {
        try
        {
            var client = TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder(ResourceReaper.DefaultSessionId).Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return client;
        }
#pragma warning disable CA1031 // No engine, for whatever reason: the tests skip.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    });

    internal static DockerClient Client => SharedClient.Value!;

    /// <summary>Skips the calling test unless an engine answers and has <paramref name="image"/>.</summary>
    internal static void RequireImage(string image)
    {
        var client = SharedClient.Value;
        if (client is null)
        {
            Assert.Skip($"no Docker engine answers (DOCKER_HOST={Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unset"}); .ci/docker.sh starts one");
        }

        try
        {
            client!.Images.InspectImageAsync(image).GetAwaiter().GetResult();
        }
        catch (DockerImageNotFoundException)
        {
            Assert.Skip($"the Docker engine has no image {image}; .ci/docker.sh builds it");
        }
    }

    /// <summary>The containers (running or not) that carry <paramref name="label"/> = <paramref name="value"/>.</summary>
    internal static async Task<IList<ContainerListResponse>> ContainersAsync(string label, string value) =>
        await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
        }).ConfigureAwait(false);
}
