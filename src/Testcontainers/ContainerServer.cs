using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// A Testcontainers container you already build (a module's <c>RedisContainer</c>,
/// <c>PostgreSqlContainer</c>, or any <see cref="IContainer"/>) as a <see cref="HelperServer"/>, so
/// the test-framework adapters serve it like any server: started once per class, collection or
/// assembly through their <c>ServerFixture</c>, its startup exception rethrown in every test that
/// uses it, its log lines routed to the test that runs, its log tail attached to a failed test.
/// </summary>
/// <remarks>
/// <para>
/// The start is the container's own <see cref="IContainer.StartAsync"/> (its wait strategies
/// included); the server's log is the container's log, followed from its first line. The server
/// owns the container: stopping or disposing the server removes it (Testcontainers' disposal), so
/// a stopped one cannot be started again. The server declares no ports of its own: use
/// <see cref="Container"/> (its mapped ports, its connection string) or <see cref="GetConnectionString"/>.
/// </para>
/// </remarks>
/// <typeparam name="TContainer">The container type.</typeparam>
public class ContainerServer<TContainer> : HelperServer, IDatabaseServer
    where TContainer : IContainer
{
    private readonly Func<TContainer, string>? _connectionString;

    /// <summary>Wraps <paramref name="container"/> (built, not started).</summary>
    /// <param name="container">The container; the server owns it from now on.</param>
    /// <param name="name">The server's name in logs and messages; by default the image's name (<c>redis</c> for <c>redis:7</c>).</param>
    /// <param name="connectionString">
    /// How to make the connection string; by default the container's own
    /// (<see cref="IDatabaseContainer.GetConnectionString"/>, which modules implement).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> is null.</exception>
    public ContainerServer(TContainer container, string? name = null, Func<TContainer, string>? connectionString = null)
        : base(DefinitionFor(container, name))
    {
        Container = container;
        _connectionString = connectionString;
    }

    /// <summary>The wrapped container.</summary>
    public TContainer Container { get; }

    /// <summary>The connection string: the one given to the constructor, else the container's own.</summary>
    /// <exception cref="InvalidOperationException">No connection string was given and the container is not an <see cref="IDatabaseContainer"/>, or it has not started.</exception>
    public string GetConnectionString() =>
        _connectionString?.Invoke(Container)
        ?? (Container as IDatabaseContainer)?.GetConnectionString()
        ?? throw new InvalidOperationException($"The {Name} container gives no connection string: pass one to the ContainerServer constructor.");

    private static HelperServerDefinition DefinitionFor(TContainer container, string? name)
    {
        ArgumentNullException.ThrowIfNull(container);
        var image = container.Image.FullName;
        return new HelperServerBuilder(new Command(image))
            .WithName(name ?? ServerName(container.Image.Repository))
            .WithHost(new OwnedContainerHost(container))
            .BuildDefinition();
    }

    /// <summary>The last part of the image's repository, in the characters a server name may hold.</summary>
    private static string ServerName(string repository)
    {
        var last = repository[(repository.LastIndexOf('/') + 1)..];
        var cleaned = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return cleaned.Length == 0 ? "container" : cleaned;
    }

    /// <summary>Starts the wrapped container and follows it; the run removes it when the server stops.</summary>
    private sealed class OwnedContainerHost(IContainer container) : ServerHost
    {
        public override string Description => $"the container {container.Image.FullName}";

        protected override async Task<RunningProcess?> StartAsync(HelperServer server, Command command, CancellationToken cancellationToken)
            => await ContainerRun.StartOwnedAsync(command, container, cancellationToken).ConfigureAwait(false);
    }
}
