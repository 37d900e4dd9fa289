using System.Globalization;
using System.Net;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>A helper server, or a preset, backed by a container: same ports, readiness, log and teardown as a process.</summary>
public sealed class ContainerServerHostTests
{
    /// <param name="choice">Where the server runs.</param>
    /// <param name="name">The server's name, which its container's label carries: a test that lists containers by it uses a name of its own, as other test classes run redis containers at the same time.</param>
    private static HelperServerBuilder RedisDefinition(ServerHostChoice choice, string name = "redis") =>
        new HelperServerBuilder(new Command("redis-server", "--port", "{port}", "--bind", "{host}", "--save", "", "--appendonly", "no"))
            .WithName(name)
            .WithPort("redis")
            .WithPackage("redis-server")
            .UntilMessageIsLogged("Ready to accept connections")
            .UntilPortIsAvailable()
            .WithContainer(DockerEngineFacts.RedisImage, choice);

    [Fact]
    public async Task A_definition_runs_in_a_container_on_its_claimed_port_with_its_log_and_leaves_no_container()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        string containerId;
        await using (var server = RedisDefinition(ServerHostChoice.Container, "redis-claimed-port").Build())
        {
            await server.StartAsync(TestContext.Current.CancellationToken);

            Assert.Equal("+PONG", await TcpClientText.AskAsync(server.Host, server.Port, "PING"));
            Assert.Contains(server.Log.Lines, line => line.Text.Contains("Ready to accept connections", StringComparison.Ordinal));
            var containers = await DockerEngineFacts.ContainersAsync(ContainerLabels.Server, "redis-claimed-port");
            var mine = Assert.Single(containers, c => c.Labels[ContainerLabels.HostProcessId] == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) && c.State == "running");
            containerId = mine.ID;
            // The container's main process is the server's process, as the host sees it.
            var pid = Assert.Single(server.ProcessIds);
            Assert.Equal("redis-server", File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm").Trim());
        }

        var left = await DockerEngineFacts.ContainersAsync(ContainerLabels.HostProcessId, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(left, c => c.ID == containerId);
    }

    [Fact]
    public async Task Under_processkit_run_a_container_carries_the_runs_identity_in_its_label()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        var run = "test-run-" + Guid.NewGuid().ToString("N");
        // What processkit run exports to the program; read when the container is made.
        Environment.SetEnvironmentVariable(ContainerLabels.RunVariable, run);
        try
        {
            await using var server = RedisDefinition(ServerHostChoice.Container, "redis-under-a-run").Build();
            await server.StartAsync(TestContext.Current.CancellationToken);

            // The variable is process-wide: a container another test class makes meanwhile carries it too.
            var containers = await DockerEngineFacts.ContainersAsync(ContainerLabels.Run, run);
            Assert.Single(containers, c => c.Labels[ContainerLabels.Server] == "redis-under-a-run");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ContainerLabels.RunVariable, null);
        }
    }

    [Fact]
    public async Task A_stop_is_graceful_and_a_restart_brings_the_server_back_on_the_same_port()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        await using var server = RedisDefinition(ServerHostChoice.Container).Build();
        await server.StartAsync(TestContext.Current.CancellationToken);
        var port = server.Port;

        await server.RestartAsync(TestContext.Current.CancellationToken);

        Assert.False(server.LastShutdown!.Escalated);
        Assert.Equal(port, server.Port);
        Assert.Equal("+PONG", await TcpClientText.AskAsync(server.Host, server.Port, "PING"));
    }

    [Fact]
    public async Task A_container_that_exits_during_startup_fails_the_start_at_once_with_its_log()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        var server = new HelperServerBuilder(new Command("redis-server", "--port", "{port}", "--no-such-option", "x"))
            .WithName("redis-exiting-at-startup") // listed by it below: other test classes run redis containers at the same time
            .WithPort("redis")
            .UntilMessageIsLogged("Ready to accept connections")
            .WithContainer(DockerEngineFacts.RedisImage, ServerHostChoice.Container)
            .Build();
        await using (server)
        {
            var error = await Assert.ThrowsAsync<ServerExitedDuringStartupException>(() => server.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("no-such-option", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await DockerEngineFacts.ContainersAsync(ContainerLabels.Server, "redis-exiting-at-startup"));
    }

    [Fact]
    public async Task The_redis_preset_runs_in_a_container_with_its_connection_string()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        await using var server = new RedisServerBuilder().Configure(b => b.WithContainer(DockerEngineFacts.RedisImage, ServerHostChoice.Container)).Build();
        await server.StartAsync(TestContext.Current.CancellationToken);

        var (host, port) = (server.ConnectionString.Split(':')[0], int.Parse(server.ConnectionString.Split(':')[1], CultureInfo.InvariantCulture));
        Assert.Equal("+PONG", await TcpClientText.AskAsync(host, port, "PING"));
        Assert.Equal(HelperServerState.Running, server.State);
    }

    [Fact]
    public async Task The_nginx_preset_runs_in_a_container_and_answers_http()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.NginxImage);
        await using var server = new NginxServerBuilder().Configure(b => b.WithContainer(DockerEngineFacts.NginxImage, ServerHostChoice.Container)).Build();
        await server.StartAsync(TestContext.Current.CancellationToken);

        using var http = new HttpClient();
        using var response = await http.GetAsync(server.BaseAddress, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nginx\n", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_postgres_preset_runs_in_a_container_with_its_connection_string()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.PostgresImage);
        await using var server = ContainerPresets.Postgres(DockerEngineFacts.PostgresImage, ServerHostChoice.Container);
        await server.StartAsync(TestContext.Current.CancellationToken);

        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new Npgsql.NpgsqlCommand("select 40 + 2", connection);
        Assert.Equal(42, await query.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_process_choice_runs_the_same_definition_as_a_contained_process()
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            Assert.Skip("redis-server is not installed (apt-get install redis-server)");
        }

        await using var server = RedisDefinition(ServerHostChoice.Process, "redis-as-process").Build();
        await server.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("+PONG", await TcpClientText.AskAsync(server.Host, server.Port, "PING"));
        Assert.Contains(server.Process!.Id, server.ProcessIds);
        // No container: nothing carries this server's name.
        Assert.Empty(await DockerEngineFacts.ContainersAsync(ContainerLabels.Server, "redis-as-process"));
    }
}
