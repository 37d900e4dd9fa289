using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Infrastructure;

/// <summary>A real redis-server (package redis-server).</summary>
public sealed class RedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer() => new RedisServerBuilder().Build();
}

/// <summary>A real PostgreSQL (package postgresql), run as a non-root user when the tests run as root.</summary>
public sealed class PostgresFixture : ServerFixture<PostgresServer>
{
    protected override PostgresServer CreateServer() => new PostgresServerBuilder().Build();
}

/// <summary>A real nginx (package nginx-light): master and workers.</summary>
public sealed class NginxFixture : ServerFixture<NginxServer>
{
    protected override NginxServer CreateServer() => new NginxServerBuilder().Build();
}

/// <summary>The repository's demo server, built beside this assembly: needs nothing installed.</summary>
public sealed class DemoFixture : ServerFixture<DemoServer>
{
    protected override DemoServer CreateServer() => new DemoServerBuilder().Build();
}
