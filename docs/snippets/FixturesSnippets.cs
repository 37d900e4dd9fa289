using Microsoft.Extensions.Logging;
using ProcessKit.Samples;
using ProcessKit.Testing;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/fixtures.md.</summary>
internal static class FixturesSnippets
{
    internal static async Task QuickStart(CancellationToken cancellationToken)
    {
        await using RedisServer redis = new RedisServerBuilder().Build();
        await redis.StartAsync(cancellationToken);   // a free port, a fresh data directory, ready when redis says so

        string pong = await redis.CliCommand("PING").RunAsync(cancellationToken);
        Console.WriteLine($"{redis.ConnectionString} answered {pong}");   // 127.0.0.1:41237 answered PONG
        // Leaving the scope: SIGTERM to redis's whole tree, a grace, SIGKILL, port released, data removed.
    }

    internal static HelperServer OwnService() =>
        new HelperServerBuilder(new Command("/opt/my-api/my-api", "--listen", "{host}:{port:http}", "--admin-port", "{port:admin}"))
            .WithName("my-api")
            .WithPort("http")
            .WithPort("admin")
            .WithEnvironment("MY_API_STORE", "{data}/store")
            .WithConfigFile("my-api.toml", "admin_url = \"http://{host}:{port:admin}/\"")
            .UntilMessageIsLogged("^Now listening")
            .UntilHttpRequestIsSucceeded("/health", portName: "http")
            .WithStartupTimeout(TimeSpan.FromSeconds(20))
            .Build();

    internal static async Task UseOwnService(HelperServer api, CancellationToken cancellationToken)
    {
        await api.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(api.Expand("http://{host}:{port:http}/")) };
        string status = await http.GetStringAsync(new Uri("status", UriKind.Relative), cancellationToken);
        int admin = api.GetPort("admin");
    }

    internal static async Task Presets(CancellationToken cancellationToken)
    {
        await using PostgresServer postgres = new PostgresServerBuilder().WithSetting("max_connections", "20").Build();
        await postgres.StartAsync(cancellationToken);
        string answer = await postgres.PsqlCommand("-tAc", "select 40 + 2").RunAsync(cancellationToken);   // "42"
        string connectionString = postgres.ConnectionString;   // Host=127.0.0.1;Port=…;Database=postgres;Username=postgres

        await using NginxServer nginx = new NginxServerBuilder()
            .WithServerDirectives("location /api/ { return 200 \"ok\"; }")
            .Build();
        await nginx.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = nginx.BaseAddress };

        await using DemoServer demo = new DemoServerBuilder().Build();
        await demo.StartAsync(cancellationToken);
        string pong = await demo.SendAsync("PING", cancellationToken);   // "PONG"
    }

    internal static async Task Credentials(CancellationToken cancellationToken)
    {
        await using RedisServer redis = new RedisServerBuilder().WithPassword("redis-secret").Build();
        await redis.StartAsync(cancellationToken);
        string redisConnection = redis.GetConnectionString();   // 127.0.0.1:41237,password=redis-secret
        string pong = await redis.CliCommand("PING").RunAsync(cancellationToken);   // the password in REDISCLI_AUTH

        await using PostgresServer postgres = new PostgresServerBuilder()
            .WithDatabase("app").WithUsername("app").WithPassword("pg-secret")
            .Build();
        await postgres.StartAsync(cancellationToken);
        string postgresConnection = postgres.GetConnectionString();   // Host=127.0.0.1;Port=…;Database=app;Username=app;Password=pg-secret
        string user = await postgres.PsqlCommand("-tAc", "select current_user").RunAsync(cancellationToken);   // "app"; the password in PGPASSWORD
    }

    internal static RedisServer ConfiguredPreset(Action<string> testOutput) =>
        new RedisServerBuilder()
            .WithSetting("maxmemory", "64mb")
            .Configure(server => server
                .WithLogSink(testOutput)
                .WithStartupTimeout(TimeSpan.FromMinutes(1))
                .WithExistingServerVariable("CI_REDIS"))
            .Build();

    internal static HelperServer FixedPort() =>
        new HelperServerBuilder(new Command("my-server", "--port", "{port}"))
            .WithFixedPort("main", 8080)
            .UntilPortIsAvailable()
            .Build();

    internal static HelperServer Combined() =>
        new HelperServerBuilder(new Command("my-server", "--port", "{port}", "--socket", "{data}/my.sock"))
            .WithPort("main")
            .Until(server => ReadinessProbe.Any(
                ReadinessProbe.TcpPort(server.Port),
                ReadinessProbe.UnixSocket(Path.Combine(server.DataDirectory!, "my.sock"))))
            .Until("the schema is loaded", async (server, cancellationToken) =>
                await new Command("my-client", "--port", server.Expand("{port}"), "schema-version").ProbeAsync(cancellationToken))
            .UntilCommandIsCompleted(server => new Command("my-client", "--port", server.Expand("{port}"), "ping"))
            .Build();

    internal static async Task FailFast(HelperServer server, CancellationToken cancellationToken)
    {
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (ServerExitedDuringStartupException e)
        {
            Console.WriteLine($"exit code {e.ExitCode}; last lines:");
            foreach (OutputLine line in e.LastLines)
                Console.WriteLine(line);
        }
        catch (ServerStartupTimeoutException e)
        {
            Console.WriteLine($"waited {e.Timeout} for {e.Awaited}");
        }
    }

    internal static async Task Logs(HelperServer server, ILogger logger, Action<string> testOutput, CancellationToken cancellationToken)
    {
        HelperServer logged = new HelperServerBuilder(new Command("my-server", "--port", "{port}"))
            .WithPort("main")
            .WithLogger(logger)                    // every line, live
            .WithLogFile("/tmp/my-server.log")     // every line, kept after the test
            .WithLogCapacity(5_000)                // the newest lines in memory (1,000 by default)
            .Build();

        using (server.Log.AddSink(testOutput))    // this test's output, for as long as the test runs
        {
            await server.StartAsync(cancellationToken);
        }

        foreach (OutputLine line in server.Log.Tail(20))
            Console.WriteLine(line);
    }

    internal static async Task Teardown(HelperServer server, CancellationToken cancellationToken)
    {
        await server.StartAsync(cancellationToken);
        await server.StopAsync(cancellationToken);       // SIGTERM, the grace, SIGKILL; ports and data kept
        Console.WriteLine(server.LastShutdown!.DrainedWithinGrace ? "stopped in time" : "killed after the grace");
        await server.StartAsync(cancellationToken);      // the same ports, the same data
        await server.RestartAsync(cancellationToken);    // both in one call
        await server.DisposeAsync();                     // stopped, ports released, data directory removed
    }

    internal static HelperServer Graceful() =>
        new HelperServerBuilder(new Command("my-server", "--port", "{port}"))
            .WithPort("main")
            .WithStopGrace(TimeSpan.FromSeconds(10))
            .KeepDataDirectoryOnFailure()
            .Build();

    internal static async Task Skipping(HelperServer server, CancellationToken cancellationToken)
    {
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (ServerBinaryNotFoundException missing)
        {
            // "redis-server is not installed (needed by the redis server; apt-get install redis-server)"
            Console.WriteLine(missing.SkipReason);
        }
    }

    internal static HelperServer ExistingServer() =>
        new HelperServerBuilder(new Command("my-server", "--port", "{port}"))
            .WithPort("main")
            .WithExistingServerVariable("MY_SERVER_URL")   // MY_SERVER_URL=my-server.ci:8080 starts nothing
            .UntilPortIsAvailable()
            .Build();

    internal static async Task FromTestcontainers(CancellationToken cancellationToken)
    {
        var redis = new HelperServerBuilder(new Command("redis-server", "--port", "{port}", "--save", ""))
            .WithPort("redis")
            .WithEnvironment("TZ", "UTC")
            .UntilMessageIsLogged("Ready to accept connections")
            .UntilPortIsAvailable("redis")
            .Build();

        await redis.StartAsync(cancellationToken);
        var address = $"{redis.Host}:{redis.GetPort("redis")}";
        await redis.DisposeAsync();
    }

    internal static async Task FromTestcontainersModule(CancellationToken cancellationToken)
    {
        await using var postgres = new PostgresServerBuilder().Build();
        await postgres.StartAsync(cancellationToken);
        var connectionString = postgres.ConnectionString;
    }

    internal sealed class RedisFixture : IAsyncDisposable
    {
        public RedisServer Redis { get; } = new RedisServerBuilder().Build();

        public Task InitializeAsync(CancellationToken cancellationToken) => Redis.StartAsync(cancellationToken);

        public ValueTask DisposeAsync() => Redis.DisposeAsync();
    }
}
