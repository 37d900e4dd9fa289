using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// Runs a helper server's command in a container of <see cref="Image"/>, through Testcontainers:
/// the same ports (the container uses the host's network, so the server listens on 127.0.0.1 like
/// a process), the same environment, the data directory mounted at its own path (config files,
/// <c>{data}</c> arguments and file probes work unchanged), the same readiness probes on the
/// container's log as it is written, and the container stopped (SIGTERM, the stop grace, SIGKILL)
/// and removed with the server. Set it with <see cref="HelperServerBuilderContainerExtensions.WithContainer"/>.
/// </summary>
/// <remarks>
/// <para>
/// Whether a start uses the container is the <see cref="Choice"/>: a container always, a process
/// always, or (<see cref="ServerHostChoice.Auto"/>) a process when the program is installed, else
/// a container when a Docker engine answers, else the start fails with a
/// <see cref="ServerBinaryNotFoundException"/> naming both the package and the engine, which the
/// test-framework adapters turn into a skip.
/// </para>
/// <para>
/// The command's program is run by its file name (<c>/usr/bin/redis-server</c> runs as
/// <c>redis-server</c>), found on the image's PATH. Images are never pulled unless
/// <see cref="PullImages"/> says so: a test run should not depend on a registry. Start steps
/// (<see cref="HelperServerBuilder.BeforeStart"/>) run here, on the host, before the container starts.
/// Containers carry <see cref="ContainerLabels"/>, so that what a dead test host left can be removed.
/// </para>
/// </remarks>
public sealed class ContainerServerHost : ServerHost
{
    private readonly Func<ContainerBuilder, ContainerBuilder>? _configure;

    /// <summary>Makes a host for containers of <paramref name="image"/>.</summary>
    /// <param name="image">The image (<c>redis:7</c>, <c>processkit/redis:local</c>): it must have the server's program on its PATH.</param>
    /// <param name="choice">Process or container; null for <see cref="ServerHostSelection.FromEnvironment"/> at each start.</param>
    /// <param name="pullImages">Whether a missing image is pulled; false (the default) uses only images already on the engine.</param>
    /// <param name="configure">Changes the container's Testcontainers builder after this host's settings (more mounts, a user, ...); null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="image"/> is empty.</exception>
    public ContainerServerHost(string image, ServerHostChoice? choice = null, bool pullImages = false, Func<ContainerBuilder, ContainerBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        Image = image;
        Choice = choice;
        PullImages = pullImages;
        _configure = configure;
    }

    /// <summary>The image the server's containers are made from.</summary>
    public string Image { get; }

    /// <summary>The choice given in code, or null to read <see cref="ServerHostSelection.Variable"/> at each start.</summary>
    public ServerHostChoice? Choice { get; }

    /// <summary>Whether a missing image is pulled from its registry.</summary>
    public bool PullImages { get; }

    /// <inheritdoc />
    public override string Description => $"a container of image {Image}";

    /// <inheritdoc />
    protected override async Task<RunningProcess?> StartAsync(HelperServer server, Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(command);
        if (!ServerHostSelection.UseContainer(Choice, server.Name, command.Program, server.Definition.Package, Image))
        {
            return null;
        }

        return await ContainerRun.StartOwnedAsync(command, Configure(server, command).Build(), cancellationToken).ConfigureAwait(false);
    }

    private ContainerBuilder Configure(HelperServer server, Command command)
    {
        var builder = new ContainerBuilder(Image)
            .WithImagePullPolicy(PullImages ? PullPolicy.Missing : PullPolicy.Never)
            .WithEntrypoint(Path.GetFileName(command.Program))
            .WithCommand([.. command.Arguments])
            .WithLabel(ContainerLabels.ForThisHost(server.Name))
            .WithLogger(NullLogger.Instance)
            // Host networking only: the server is on 127.0.0.1 at its claimed ports, as a process would
            // be, and no bridge or user network is ever created.
            .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new()).NetworkMode = "host");
        foreach (var (name, value) in command.EnvironmentChanges)
        {
            if (value is not null)
            {
                builder = builder.WithEnvironment(name, value);
            }
        }

        if (server.DataDirectory is { } data)
        {
            builder = builder.WithBindMount(data, data);
        }

        if (command.WorkingDirectory is { } directory)
        {
            builder = builder.WithWorkingDirectory(directory);
        }

        return _configure is null ? builder : _configure(builder) ?? throw new InvalidOperationException("The container configuration callback returned null instead of a builder.");
    }
}
