using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using XunitV3.Sample;

// Each test that takes a server fixture gets the server's log in its output and, when it fails,
// the log's tail attached; a server that did not start fails (or skips) the tests that use it.
[assembly: ProcessKitTest]

// Disposed after every other fixture: it checks that no server process outlived the tests.
[assembly: AssemblyFixture(typeof(NothingLeftRunning))]

namespace XunitV3.Sample;

/// <summary>A real redis-server on a free port, shared by the tests of a class.</summary>
public sealed class RedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer() => new RedisServerBuilder().Build();

    protected override ValueTask OnStartedAsync(RedisServer server, CancellationToken cancellationToken) => NothingLeftRunning.Track(server);
}

/// <summary>A real PostgreSQL with a table to work on.</summary>
public sealed class PostgresFixture : ServerFixture<PostgresServer>
{
    protected override PostgresServer CreateServer() => new PostgresServerBuilder().Build();

    protected override async ValueTask OnStartedAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        await NothingLeftRunning.Track(server);
        await server.PsqlCommand("-c", "CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL)").RunAsync(cancellationToken);
    }
}

/// <summary>The repository's demo server (needs nothing installed), shared by a collection of classes.</summary>
public sealed class DemoServerFixture : ServerFixture<DemoServer>
{
    protected override DemoServer CreateServer() => new DemoServerBuilder().Build();

    protected override ValueTask OnStartedAsync(DemoServer server, CancellationToken cancellationToken) => NothingLeftRunning.Track(server);
}

[CollectionDefinition(Name)]
public sealed class DemoServerGroup : ICollectionFixture<DemoServerFixture>
{
    public const string Name = "demo server";
}
