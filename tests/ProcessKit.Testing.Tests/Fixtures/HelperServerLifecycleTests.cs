using System.Net.Sockets;
using System.Text;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>A helper server's life: ready on its claimed port, data directory, restart on the same ports and data, stop and disposal that leave nothing.</summary>
public sealed class HelperServerLifecycleTests : SpawningTest
{
    [LinuxFact]
    public async Task A_started_server_is_ready_on_its_claimed_port_in_its_data_directory()
    {
        await using var server = Listener().Build();

        await server.StartAsync(Token);

        Assert.Equal(HelperServerState.Running, server.State);
        Assert.Equal("hello", await ReadGreetingAsync(server.Port));
        Assert.Equal(server.Port, server.Ports["main"]);
        Assert.Equal(server.Port, server.GetPort("main"));
        Assert.False(new PortAllocator(PortAllocator.Shared.LockDirectory).TryClaimPort(server.Port, "test", out _));
        Assert.True(Directory.Exists(server.DataDirectory));
        Assert.Equal(server.DataDirectory, server.Process!.Command.WorkingDirectory);
        Assert.Contains(server.Process.Id, server.ProcessIds);
        Assert.NotNull(server.LastStartupDuration);
        Assert.Contains(server.Log.Lines, line => line.Text == $"listening on {server.Port}");
    }

    [LinuxFact]
    public async Task Disposal_stops_the_tree_releases_the_ports_and_removes_the_data_directory()
    {
        var server = Listener().Build();
        await server.StartAsync(Token);
        var process = ProcessIdentity.Of(server.Process!.Id);
        var port = server.Port;
        var data = server.DataDirectory!;

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.Equal(HelperServerState.Disposed, server.State);
        ProcessAssert.Gone(process);
        Assert.False(Directory.Exists(data));
        Assert.True(server.LastShutdown!.DrainedWithinGrace);
        Assert.True(PortAllocator.Shared.TryClaimPort(port, "test", out var claim), "the port is released");
        claim.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.StartAsync(Token));
    }

    [LinuxFact]
    public async Task A_restart_comes_back_on_the_same_ports_with_the_same_data()
    {
        await using var server = Listener().Build();
        await server.StartAsync(Token);
        var first = ProcessIdentity.Of(server.Process!.Id);
        var port = server.Port;
        var data = server.DataDirectory!;
        await File.WriteAllTextAsync(Path.Combine(data, "kept.txt"), "data", Token);

        await server.RestartAsync(Token);

        ProcessAssert.Gone(first);
        Assert.NotEqual(first.Pid, server.Process!.Id);
        Assert.Equal(port, server.Port);
        Assert.Equal(data, server.DataDirectory);
        Assert.True(File.Exists(Path.Combine(data, "kept.txt")));
        Assert.Equal("hello", await ReadGreetingAsync(port));
    }

    [LinuxFact]
    public async Task Stop_is_idempotent_and_keeps_ports_and_data_for_a_later_start()
    {
        await using var server = Listener().Build();
        await server.StopAsync(Token);
        await server.StartAsync(Token);
        var process = ProcessIdentity.Of(server.Process!.Id);
        var port = server.Port;

        await server.StopAsync(Token);
        await server.StopAsync(Token);

        Assert.Equal(HelperServerState.Stopped, server.State);
        ProcessAssert.Gone(process);
        Assert.Null(server.Process);
        Assert.Empty(server.ProcessIds);
        Assert.True(Directory.Exists(server.DataDirectory));
        Assert.False(PortAllocator.Shared.TryClaimPort(port, "test", out _), "a stopped server keeps its port claim");
        await server.StartAsync(Token);
        Assert.Equal(port, server.Port);
    }

    [LinuxFact]
    public async Task A_server_that_ignores_SIGTERM_is_killed_after_the_grace_and_the_report_says_so()
    {
        await using var server = new HelperServerBuilder(Helper("ignore-sigterm", "listen", "{port}", "hang"))
            .WithPort("main").WithStopGrace(TimeSpan.FromMilliseconds(300)).UntilMessageIsLogged("^listening on ").Build();
        await server.StartAsync(Token);
        var process = ProcessIdentity.Of(server.Process!.Id);

        await server.StopAsync(Token);

        ProcessAssert.Gone(process);
        Assert.True(server.LastShutdown!.Escalated);
        Assert.False(server.LastShutdown.DrainedWithinGrace);
    }

    [LinuxFact]
    public async Task Parallel_starts_share_one_process()
    {
        await using var server = Listener().Build();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.StartAsync(Token)));

        Assert.Equal(HelperServerState.Running, server.State);
        Assert.Single(server.Log.Lines, line => line.Text.StartsWith("listening on ", StringComparison.Ordinal));
    }

    [LinuxFact]
    public async Task Placeholders_reach_arguments_environment_and_config_files()
    {
        await using var server = new HelperServerBuilder(Helper("print-env", "SERVER_URL", "print-cwd", "listen", "{port:api}", "hang"))
            .WithPort("api").WithPort("admin")
            .WithEnvironment("SERVER_URL", "http://{host}:{port:admin}/")
            .WithConfigFile("conf/server.conf", "listen {port:api}; admin {port}; data {data}; keep { braces }")
            .UntilMessageIsLogged("^listening on ").UntilPortIsAvailable("api")
            .Build();

        await server.StartAsync(Token);

        Assert.NotEqual(server.GetPort("api"), server.GetPort("admin"));
        Assert.Equal(server.GetPort("api"), server.Port);
        Assert.Contains(server.Log.Lines, line => line.Text == $"http://127.0.0.1:{server.GetPort("admin")}/");
        Assert.Contains(server.Log.Lines, line => line.Text == server.DataDirectory);
        Assert.Equal(
            $"listen {server.GetPort("api")}; admin {server.GetPort("api")}; data {server.DataDirectory}; keep {{ braces }}",
            await File.ReadAllTextAsync(Path.Combine(server.DataDirectory!, "conf", "server.conf"), Token));
        Assert.Equal($"{server.Host}:{server.Port}", server.Expand("{host}:{port}"));
    }

    [LinuxFact]
    public async Task Log_lines_reach_sinks_added_before_the_start_and_the_log_file()
    {
        List<string> relayed = [];
        await using var server = Listener().WithLogSink(line => { lock (relayed) { relayed.Add(line); } }).WithLogFile("logs/server.log").Build();
        using var perTest = server.Log.AddSink(_ => { });

        await server.StartAsync(Token);

        lock (relayed)
        {
            Assert.Contains($"[TestHelper] listening on {server.Port}", relayed);
            Assert.Contains(relayed, line => line.StartsWith("[TestHelper] (processkit) ready after", StringComparison.Ordinal));
        }

        Assert.Equal(Path.Combine(server.DataDirectory!, "logs", "server.log"), server.Log.FilePath);
        Assert.Contains($"listening on {server.Port}", await File.ReadAllLinesAsync(server.Log.FilePath!, Token));
    }

    [LinuxFact]
    public async Task A_server_that_exits_after_it_was_ready_is_reported_and_started_again_on_demand()
    {
        await using var server = Listener().Build();
        await server.StartAsync(Token);
        server.Process!.Kill();
        await server.Process.Exited;

        Assert.Equal(HelperServerState.Exited, server.State);
        await server.StartAsync(Token);

        Assert.Equal(HelperServerState.Running, server.State);
        Assert.False(server.Process.HasExited);
    }

    private HelperServerBuilder Listener() =>
        new HelperServerBuilder(Helper("listen", "{port}", "hang"))
            .WithPort("main")
            .UntilMessageIsLogged("^listening on ")
            .UntilPortIsAvailable();

    private static async Task<string> ReadGreetingAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        return await reader.ReadLineAsync(Token) ?? "";
    }
}
