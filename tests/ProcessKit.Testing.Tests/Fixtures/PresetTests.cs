using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Samples;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>
/// The presets against the real servers (redis-server, postgres, nginx: installed by .ci/run) and
/// the demo server. A test whose server is not installed is skipped with the package to install.
/// After each, nothing the server started is alive.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PresetTests : SpawningTest
{
    [LinuxFact]
    public async Task Redis_answers_on_its_port_without_persistence_and_is_gone_after()
    {
        var server = new RedisServerBuilder().Configure(Marked).Build();
        var processes = await StartOrSkipAsync(server);

        Assert.Equal("+PONG", await RespAsync(server.Port, "PING"));
        Assert.Equal($"127.0.0.1:{server.Port}", server.ConnectionString);
        Assert.Equal(server.ConnectionString, server.GetConnectionString());
        Assert.Equal(new Uri($"redis://127.0.0.1:{server.Port}"), server.Url);
        Assert.Equal("OK", await server.CliCommand("SET", "greeting", "hello").RunAsync(Token));
        Assert.Equal("hello", await server.CliCommand("GET", "greeting").RunAsync(Token));
        Assert.Equal("appendonly\nno", await server.CliCommand("CONFIG", "GET", "appendonly").RunAsync(Token));
        Assert.Equal("save", await server.CliCommand("CONFIG", "GET", "save").RunAsync(Token));
        Assert.Equal(server.DataDirectory, (await server.CliCommand("CONFIG", "GET", "dir").RunAsync(Token)).Split('\n')[1]);

        await server.DisposeAsync();
        Assert.All(processes, ProcessAssert.Gone);
        Assert.True(server.LastShutdown!.DrainedWithinGrace);
    }

    [LinuxFact]
    public async Task Postgres_answers_a_query_and_two_servers_share_one_template()
    {
        await using var first = new PostgresServerBuilder().Configure(Marked).Build();
        await using var second = new PostgresServerBuilder().Configure(Marked).Build();
        await StartOrSkipAsync(first);
        await second.StartAsync(Token);
        var processes = Running(first.ProcessIds.Concat(second.ProcessIds));

        Assert.Equal("42", await first.PsqlCommand("-tAc", "select 40 + 2").RunAsync(Token));
        Assert.Equal("postgres", await second.PsqlCommand("-tAc", "select current_user").RunAsync(Token));
        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        Assert.Equal($"Host=127.0.0.1;Port={first.Port};Database=postgres;Username=postgres", first.ConnectionString);
        Assert.Equal(new Uri($"postgresql://postgres@127.0.0.1:{first.Port}/postgres"), first.Url);
        Assert.True(File.Exists(Path.Combine(first.UnixSocketDirectory!, $".s.PGSQL.{first.Port}")));
        Assert.Equal(0, await new Command(Path.Combine(Path.GetDirectoryName(first.Definition.Command.Program)!, "pg_isready"), "-h", "127.0.0.1", "-p", first.Port.ToString(CultureInfo.InvariantCulture)).ExitCodeAsync(Token));
        if (Environment.UserName == "root")
        {
            Assert.Equal(await new Command("id", "-u", "postgres").RunAsync(Token), RealUserId(first.Process!.Id));
        }

        await first.DisposeAsync();
        await second.DisposeAsync();
        Assert.All(processes, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task Postgres_keeps_its_data_across_a_restart()
    {
        await using var server = new PostgresServerBuilder().Configure(Marked).Build();
        await StartOrSkipAsync(server);
        await server.PsqlCommand("-c", "create table kept (v int); insert into kept values (7);").RunAsync(Token);

        await server.RestartAsync(Token);

        Assert.Equal("7", await server.PsqlCommand("-tAc", "select v from kept").RunAsync(Token));
    }

    [Fact]
    public async Task Postgres_refuses_a_socket_path_longer_than_the_kernel_takes_before_anything_runs()
    {
        var root = TempPath(new string('d', 100));
        await using var server = new PostgresServerBuilder().Configure(builder => builder.WithDataDirectoryRoot(root)).Build();

        var error = await Assert.ThrowsAsync<PathTooLongException>(() => server.StartAsync(Token));

        Assert.Contains("107", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithUnixSocketDirectory", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root));
        Assert.Throws<ArgumentException>(() => new PostgresServerBuilder().WithUnixSocketDirectory(root));
    }

    [Fact]
    public async Task Postgres_without_its_programs_names_the_package()
    {
        await using var server = new PostgresServerBuilder().WithBinDirectory(TempPath("no-postgres")).Build();

        var error = await Assert.ThrowsAsync<ServerBinaryNotFoundException>(() => server.StartAsync(Token));

        Assert.Equal("initdb", error.Program);
        Assert.Equal("postgresql", error.Package);
        Assert.Contains("apt-get install postgresql", error.SkipReason, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Nginx_serves_from_its_generated_config_with_a_master_and_workers_and_is_gone_after()
    {
        var site = TempPath("site");
        Directory.CreateDirectory(site);
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "static page", Token);
        File.SetUnixFileMode(TempDirectory, File.GetUnixFileMode(TempDirectory) | UnixFileMode.OtherExecute);
        var server = new NginxServerBuilder().WithStaticDirectory(site).WithAccessLog().Configure(Marked).Build();
        var processes = await StartOrSkipAsync(server);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("static page", await http.GetStringAsync(new Uri("/index.html", UriKind.Relative), Token));
        Assert.True(processes.Count >= 3, $"a master and two workers, found {processes.Count}");
        await ProcessAssert.WaitUntilAsync(() => server.Log.Lines.Any(line => line.Text.Contains("GET /index.html", StringComparison.Ordinal)), "the access log line");

        await server.DisposeAsync();
        Assert.All(processes, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task Nginx_serves_the_directives_it_is_given()
    {
        await using var server = new NginxServerBuilder().WithWorkerProcesses(1)
            .WithServerDirectives("location /api/ { default_type text/plain; return 200 \"port {port}\"; }").Configure(Marked).Build();
        await StartOrSkipAsync(server);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal($"port {server.Port}", await http.GetStringAsync(new Uri("/api/x", UriKind.Relative), Token));
    }

    [LinuxFact]
    public async Task The_demo_server_answers_its_protocol_and_stops_gracefully()
    {
        var server = new DemoServerBuilder().Configure(Marked).Build();
        var processes = await StartOrSkipAsync(server);

        Assert.Equal("PONG", await server.SendAsync("PING", Token));
        Assert.Equal("hello there", await server.SendAsync("ECHO hello there", Token));
        Assert.StartsWith("ERR unknown command", await server.SendAsync("FLY", Token), StringComparison.Ordinal);

        await server.DisposeAsync();
        Assert.True(server.LastShutdown!.DrainedWithinGrace);
        Assert.True(server.Log.Lines.Any(line => line.Text == "stopped"), string.Join(" / ", server.Log.Lines));
        Assert.All(processes, ProcessAssert.Gone);
    }

    [Fact]
    public void Postgres_allows_its_first_server_time_to_make_the_template_unless_told_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new PostgresServerBuilder().Build().Definition.StartupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), new PostgresServerBuilder().Configure(b => b.WithStartupTimeout(TimeSpan.FromSeconds(5))).Build().Definition.StartupTimeout);
        Assert.Equal(HelperServerDefinition.DefaultStartupTimeout, new RedisServerBuilder().Build().Definition.StartupTimeout);
    }

    [Fact]
    public void Presets_describe_their_servers()
    {
        var redis = new RedisServerBuilder().WithSetting("maxmemory", "64mb").Build().Definition;
        Assert.Equal("redis", redis.Name);
        Assert.Equal(["--port", "{port}", "--bind", "{host}", "--save", "", "--appendonly", "no", "--dir", "{data}", "--daemonize", "no", "--maxmemory", "64mb"], redis.Command.Arguments);
        Assert.Equal(RedisServerBuilder.ExistingServerVariable, redis.ExistingServerVariable);
        Assert.Equal("redis-server", redis.Package);

        var postgres = new PostgresServerBuilder().WithSetting("max_connections", "20").Build().Definition;
        Assert.Equal(["-D", "{data}/pgdata", "-p", "{port}", "-k", "{data}"], postgres.Command.Arguments.Take(6));
        Assert.Equal(["-c", "max_connections=20"], postgres.Command.Arguments.TakeLast(2));
        Assert.Equal("PROCESSKIT_POSTGRES_URL", postgres.ExistingServerVariable);
        Assert.Equal("", new PostgresServerBuilder().WithoutUnixSocket().Build().Definition.Command.Arguments[5]);

        var nginx = new NginxServerBuilder().WithWorkerProcesses(3).ConfigurationTemplate();
        Assert.Contains("daemon off;", nginx, StringComparison.Ordinal);
        Assert.Contains("master_process on;", nginx, StringComparison.Ordinal);
        Assert.Contains("worker_processes 3;", nginx, StringComparison.Ordinal);
        Assert.Contains("pid {data}/nginx.pid;", nginx, StringComparison.Ordinal);
        Assert.Contains("error_log stderr", nginx, StringComparison.Ordinal);
        Assert.Contains("client_body_temp_path {data}/client_body_temp;", nginx, StringComparison.Ordinal);
        Assert.Contains("listen {host}:{port};", nginx, StringComparison.Ordinal);
        Assert.Equal("PROCESSKIT_NGINX_URL", new NginxServerBuilder().Build().Definition.ExistingServerVariable);

        Assert.Equal(["--port", "{port}", "--host", "{host}"], new DemoServerBuilder().Build().Definition.Command.Arguments);
    }

    [Fact]
    public async Task A_preset_whose_program_is_missing_names_the_package_to_install()
    {
        await using var server = new RedisServerBuilder().WithProgram(TempPath("redis-server")).Build();

        var error = await Assert.ThrowsAsync<ServerBinaryNotFoundException>(() => server.StartAsync(Token));

        Assert.Equal("redis-server", error.Package);
        Assert.Equal("redis", error.ServerName);
        Assert.Equal($"{TempPath("redis-server")} is not installed (needed by the redis server; apt-get install redis-server)", error.SkipReason);
    }

    [Fact]
    public void Preset_settings_are_validated_at_once()
    {
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithSetting("--port", "1"));
        Assert.Throws<ArgumentException>(() => new PostgresServerBuilder().WithSetting("a=b", "1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NginxServerBuilder().WithWorkerProcesses(0));
        Assert.Throws<ArgumentException>(() => new NginxServerBuilder().WithServerDirectives(" "));
        Assert.Throws<InvalidOperationException>(() => new DemoServerBuilder().Configure(_ => null!).Build());
    }

    /// <summary>Marks the server's processes as this test's, so the base class finds any leftover.</summary>
    private HelperServerBuilder Marked(HelperServerBuilder builder) => builder.WithEnvironment(MarkerVariable, Marker);

    /// <summary>Starts the server, or skips the test naming the package when its program is not installed; returns its processes.</summary>
    private static async Task<List<ProcessIdentity>> StartOrSkipAsync(HelperServer server)
    {
        try
        {
            await server.StartAsync(Token);
        }
        catch (ServerBinaryNotFoundException missing)
        {
            Assert.Skip(missing.SkipReason);
        }

        return Running(server.ProcessIds);
    }

    /// <summary>The processes of <paramref name="pids"/> still running now (a server's short-lived children come and go).</summary>
    private static List<ProcessIdentity> Running(IEnumerable<int> pids) =>
        [.. pids.Select(ProcStat.Read).OfType<ProcStat>().Where(stat => stat.IsRunning).Select(stat => new ProcessIdentity(stat.Pid, stat.StartTime))];

    private static string RealUserId(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    /// <summary>One inline RESP command, one reply line.</summary>
    private static async Task<string> RespAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(Token) ?? "";
    }
}
