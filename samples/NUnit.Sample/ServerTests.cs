using System.Net.Sockets;
using Npgsql;
using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;
using StackExchange.Redis;

namespace NUnit.Sample;

/// <summary>Real servers shared by a fixture: started once, used by the tests, and checked to be gone at the end.</summary>
public sealed class ServerTests
{
    private readonly ServerFixture<RedisServer> _redis = ServerFixture.Of(new RedisServerBuilder());
    private readonly ServerFixture<DemoServer> _demo = ServerFixture.Of(new DemoServerBuilder());
    private readonly ServerFixture<PostgresServer> _postgres = ServerFixture.Of(new PostgresServerBuilder());

    [OneTimeSetUp]
    public Task StartServers() => Task.WhenAll(_redis.StartAsync(), _demo.StartAsync(), _postgres.StartAsync());

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _redis.DisposeAsync();
        await _demo.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task Redis_keeps_a_value()
    {
        var redis = _redis.Server;

        await redis.CliCommand("SET", "greeting", "hello").RunAsync();

        Assert.That(await redis.CliCommand("GET", "greeting").RunAsync(), Is.EqualTo("hello"));
    }

    [Test, Order(1)]
    public async Task Redis_serves_the_application_through_StackExchange_Redis()
    {
        var redis = _redis.Server;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();

        await database.StringSetAsync("language", "C#");

        Assert.That((string?)await database.StringGetAsync("language"), Is.EqualTo("C#"));
        Assert.That(await redis.CliCommand("GET", "language").RunAsync(), Is.EqualTo("C#"));
    }

    [Test, Order(2)]
    public async Task The_demo_server_answers_over_tcp()
    {
        var demo = _demo.Server;
        var token = TestContext.CurrentContext.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(demo.Host, demo.Port, token);
        using var reader = new StreamReader(client.GetStream());
        await using var writer = new StreamWriter(client.GetStream()) { AutoFlush = true, NewLine = "\n" };

        await writer.WriteLineAsync("ECHO hello".AsMemory(), token);

        Assert.That(await reader.ReadLineAsync(token), Is.EqualTo("hello"));
    }

    [Test, Order(3)]
    public async Task Postgres_answers_a_query()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        await using var connection = new NpgsqlConnection(_postgres.Server.ConnectionString);
        await connection.OpenAsync(token);
        await using var query = new NpgsqlCommand("select 6 * 7", connection);

        Assert.That(await query.ExecuteScalarAsync(token), Is.EqualTo(42));
    }

    [Test, Order(4)]
    public async Task Nothing_is_left_running_once_the_servers_are_stopped()
    {
        int[] started = [.. _redis.Server.ProcessIds, .. _demo.Server.ProcessIds, .. _postgres.Server.ProcessIds];

        await StopServers();

        Assert.That(started.Where(IsRunning), Is.Empty);
    }

    /// <summary>True while the process runs (a zombie has ended: it only waits for its parent to reap it).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var state = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Trim()[0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false; // no such process
        }
    }
}
