using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;
using ProcessKit.Testing.XunitV3;
using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>Testcontainers.PostgreSql's container as a class fixture of the xunit adapter: started once, its log routed to the test that runs.</summary>
public sealed class PostgresModuleFixture : ServerFixture<ContainerServer<PostgreSqlContainer>>
{
    private static int _created;
    private PortClaim? _port;

    public static int Created => Volatile.Read(ref _created);

    protected override ContainerServer<PostgreSqlContainer> CreateServer()
    {
        Interlocked.Increment(ref _created);
        DockerEngineFacts.RequireImage(DockerEngineFacts.PostgresImage);
        _port = PortAllocator.Shared.ClaimFreePort("postgres-module");
        var port = _port.Port;
        var container = new PostgreSqlBuilder(DockerEngineFacts.PostgresImage)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCommand("-p", $"{port}")
            .WithCreateParameterModifier(p => (p.HostConfig ??= new()).NetworkMode = "host")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(new Regex("database system is ready to accept connections"))))
            .Build();
        return new ContainerServer<PostgreSqlContainer>(HostNetworkModules.WithoutPortBindings(container), connectionString: _ => $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres");
    }
}

/// <summary>Testcontainers.Redis's container whose start fails (a bad option): every test that uses it gets that failure.</summary>
public sealed class BrokenRedisModuleFixture : ServerFixture<ContainerServer<RedisContainer>>
{
    protected override ContainerServer<RedisContainer> CreateServer()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        var container = new RedisBuilder(DockerEngineFacts.RedisImage)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCommand("redis-server", "--no-such-option", "x")
            .WithCreateParameterModifier(p => (p.HostConfig ??= new()).NetworkMode = "host")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(new Regex("Ready to accept connections"))))
            .Build();
        return new ContainerServer<RedisContainer>(HostNetworkModules.WithoutPortBindings(container));
    }
}

[ProcessKitTest]
public sealed class PostgresModuleTests(PostgresModuleFixture fixture) : IClassFixture<PostgresModuleFixture>
{
    [Fact]
    public async Task The_module_container_serves_queries_and_starts_once_for_the_class()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Server.GetConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new Npgsql.NpgsqlCommand("select 40 + 2", connection);

        Assert.Equal(42, await query.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, PostgresModuleFixture.Created);
        Assert.Equal(HelperServerState.Running, fixture.Server.State);
    }

    [Fact]
    public async Task What_the_container_logs_during_a_test_reaches_that_tests_output()
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var table = "no_such_table_" + Guid.NewGuid().ToString("N");
        using var sink = fixture.Server.Log.AddSink(line =>
        {
            if (line.Contains(table, StringComparison.Ordinal))
            {
                logged.TrySetResult();
            }
        });
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Server.GetConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new Npgsql.NpgsqlCommand($"select * from {table}", connection);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => query.ExecuteScalarAsync(TestContext.Current.CancellationToken));

        await logged.Task.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Contains(table, TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
        Assert.Equal(1, PostgresModuleFixture.Created);
    }
}

public sealed class BrokenRedisModuleTests(BrokenRedisModuleFixture fixture) : IClassFixture<BrokenRedisModuleFixture>
{
    [Fact]
    public void The_first_test_gets_the_containers_startup_failure_with_its_log() => AssertStartupFailure();

    [Fact]
    public void A_second_test_gets_the_same_failure() => AssertStartupFailure();

    private void AssertStartupFailure()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        var error = Assert.ThrowsAny<Exception>(() => fixture.Server);

        Assert.Same(fixture.StartupFailure, error);
        // The probe's error (when it saw the exit before Testcontainers did) shows the container's lines.
        if (error is ProcessExitedBeforeReadyException)
        {
            Assert.Contains("no-such-option", error.Message, StringComparison.Ordinal);
        }
    }
}
