namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// The presets whose process form needs more than the image can give, made for a container:
/// PostgreSQL's process preset makes its cluster with the host's <c>initdb</c>, which a machine
/// without PostgreSQL lacks, so its container form lets the image's entrypoint make it (as the
/// official <c>postgres</c> images do). Redis and nginx need nothing of the kind:
/// <c>new RedisServerBuilder().Configure(b =&gt; b.WithContainer(image))</c>.
/// </summary>
public static class ContainerPresets
{
    /// <summary>
    /// A PostgreSQL server, a process or a container by <paramref name="choice"/> (decided now):
    /// the process is <see cref="PostgresServerBuilder"/>'s; the container runs the image's
    /// <c>docker-entrypoint.sh postgres</c> (the official images' entrypoint, and that of the
    /// project's CI image) with trust authentication, on the same port, settings and readiness
    /// (the ready line and the port), so <see cref="PostgresServer.ConnectionString"/> is the same.
    /// </summary>
    /// <param name="image">An image with a <c>docker-entrypoint.sh</c> that makes a cluster as the official postgres images do.</param>
    /// <param name="choice">Process, container or auto; null for <see cref="ServerHostSelection.FromEnvironment"/>.</param>
    /// <param name="configure">Applied to the server's builder in either form (a log sink, a timeout); null for none.</param>
    /// <exception cref="ServerBinaryNotFoundException">Auto: PostgreSQL is not installed and no Docker engine answers (the adapters skip).</exception>
    public static PostgresServer Postgres(string image, ServerHostChoice? choice = null, Func<HelperServerBuilder, HelperServerBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        configure ??= static builder => builder;
        var process = new PostgresServerBuilder().Configure(configure);
        var installed = Directory.Exists("/usr/lib/postgresql") ? Directory.EnumerateFiles("/usr/lib/postgresql", "postgres", SearchOption.AllDirectories).FirstOrDefault() : null;
        if (!ServerHostSelection.UseContainer(choice, "postgres", installed ?? "postgres", PostgresServerBuilder.Package, image))
        {
            return process.Build();
        }

        var container = new HelperServerBuilder(new Command("docker-entrypoint.sh",
            [
                "postgres", "-p", "{port}", "-c", "listen_addresses={host}",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            ]).WithWorkingDirectory("/")) // the image's postgres user may not enter the host's data directory
            .WithName("postgres")
            .WithPort("postgres")
            .WithPackage(PostgresServerBuilder.Package)
            .WithEnvironment("POSTGRES_HOST_AUTH_METHOD", "trust")
            .WithEnvironment("POSTGRES_PASSWORD", "postgres")
            .WithExistingServerVariable(PostgresServerBuilder.ExistingServerVariable)
            .UntilMessageIsLogged("database system is ready to accept connections")
            .UntilPortIsAvailable()
            .WithContainer(image, ServerHostChoice.Container);
        return new PostgresServer((configure(container) ?? throw new InvalidOperationException("The configure callback returned null instead of a builder.")).BuildDefinition());
    }
}
