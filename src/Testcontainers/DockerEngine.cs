using Docker.DotNet;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// The Docker engine Testcontainers talks to (DOCKER_HOST, its configuration files, the default
/// socket), reached with the client Testcontainers itself builds, for what its API does not offer:
/// signals, following a container's log as it is written, asking whether an engine answers.
/// </summary>
internal static class DockerEngine
{
    /// <summary>How long "does an engine answer" waits: a local engine answers in milliseconds.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    private static readonly Lazy<DockerClient?> SharedClient = new(CreateClient);

    /// <summary>The shared client, or null when no engine is configured anywhere.</summary>
    internal static DockerClient? Client => SharedClient.Value;

    /// <summary>The engine's address, for messages.</summary>
    internal static string Endpoint => EndpointConfiguration()?.Endpoint?.ToString() ?? "no configured endpoint";

    /// <summary>True when an engine answers a ping within a few seconds.</summary>
    internal static bool Answers(out string endpoint)
    {
        endpoint = Endpoint;
        if (Client is not { } client)
        {
            return false;
        }

        try
        {
            using var timeout = new CancellationTokenSource(PingTimeout);
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return true;
        }
#pragma warning disable CA1031 // Any failure to reach the engine means "no engine answers": the caller skips or falls back.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>The client, or an exception that says no engine is configured.</summary>
    internal static DockerClient RequireClient() => Client
        ?? throw new InvalidOperationException("No Docker engine is configured: set DOCKER_HOST (for example unix:///var/run/docker.sock) or start one.");

    private static IDockerEndpointAuthenticationConfiguration? EndpointConfiguration()
    {
        try
        {
            return TestcontainersSettings.OS.DockerEndpointAuthConfig;
        }
#pragma warning disable CA1031 // Testcontainers throws when it finds no engine; that is "none configured" here.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static DockerClient? CreateClient() =>
        EndpointConfiguration()?.GetDockerClientBuilder(ResourceReaper.DefaultSessionId).Build();
}
