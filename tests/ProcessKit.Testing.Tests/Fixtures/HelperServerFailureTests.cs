using System.Net;
using System.Net.Sockets;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>Failed starts: fail fast with the exit and log tail, time out with what was awaited, retry on taken ports, and never leave anything behind.</summary>
public sealed class HelperServerFailureTests : SpawningTest
{
    [LinuxFact]
    public async Task A_server_that_exits_during_startup_fails_at_once_with_its_exit_code_and_last_lines()
    {
        var root = TempPath("data");
        await using var server = new HelperServerBuilder(Helper("out", "loading config", "err", "boom: bad setting 'x'", "exit", "3"))
            .WithPort("main").WithDataDirectoryRoot(root).UntilPortIsAvailable().Build();

        var error = await Assert.ThrowsAsync<ServerExitedDuringStartupException>(() => server.StartAsync(Token));

        Assert.Equal(3, error.ExitCode);
        Assert.False(error.PortConflict);
        Assert.Equal(1, error.Attempts);
        // Two pipes: the streams' relative order is not kept, so compare as a set.
        Assert.Equal(["[stderr] boom: bad setting 'x'", "loading config"], error.LastLines.Select(line => line.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains("exited with code 3 during startup", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom: bad setting 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Awaited:", error.Message, StringComparison.Ordinal);
        Assert.Equal(HelperServerState.Failed, server.State);
        Assert.Null(error.KeptDataDirectory);
        Assert.Empty(Directory.GetFileSystemEntries(root));
        Assert.Empty(server.Ports);
    }

    [LinuxFact]
    public async Task A_failed_start_keeps_the_data_directory_when_asked_and_says_where()
    {
        var root = TempPath("data");
        await using var server = new HelperServerBuilder(Helper("exit", "1"))
            .WithPort("main").WithDataDirectoryRoot(root).WithConfigFile("server.conf", "port {port}")
            .KeepDataDirectoryOnFailure().UntilPortIsAvailable().Build();

        var error = await Assert.ThrowsAsync<ServerExitedDuringStartupException>(() => server.StartAsync(Token));
        await server.DisposeAsync();

        Assert.NotNull(error.KeptDataDirectory);
        Assert.Equal(root, Path.GetDirectoryName(error.KeptDataDirectory));
        Assert.True(File.Exists(Path.Combine(error.KeptDataDirectory, "server.conf")));
        Assert.True(File.Exists(Path.Combine(error.KeptDataDirectory, DataDirectories.KeptMarker)), "a kept directory is marked so that no sweep takes it");
        Assert.Contains(error.KeptDataDirectory, error.Message, StringComparison.Ordinal);
        Assert.Null(server.DataDirectory);
    }

    [LinuxFact]
    public async Task A_server_not_ready_in_time_fails_with_what_was_awaited_and_its_last_lines()
    {
        var clock = new TimerWatchingClock();
        var timeout = TimeSpan.FromSeconds(20);
        await using var server = new HelperServerBuilder(Helper("out", "starting up", "hang"))
            .WithPort("main").WithTimeProvider(clock).WithStartupTimeout(timeout)
            .UntilMessageIsLogged("^ready to serve$").Build();

        var start = server.StartAsync(Token);
        await ProcessAssert.WaitUntilAsync(() => server.Log.Lines.Count > 0 && clock.ActiveTimers > 0, "the server's first line and the timeout's timer", start);
        var process = ProcessIdentity.Of(server.Process!.Id);
        clock.Advance(timeout);
        var error = await Assert.ThrowsAsync<ServerStartupTimeoutException>(() => start);

        Assert.Equal(timeout, error.Timeout);
        Assert.Contains("ready to serve", error.Awaited, StringComparison.Ordinal);
        Assert.Equal(["starting up"], error.LastLines.Select(line => line.Text));
        Assert.Contains("was not ready within 20 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("starting up", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<TimeoutException>(error);
        ProcessAssert.Gone(process);
        Assert.Null(server.Process);
    }

    [LinuxFact]
    public async Task A_cancelled_start_leaves_nothing_running()
    {
        var root = TempPath("data");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        await using var server = new HelperServerBuilder(Helper("out", "starting up", "hang"))
            .WithPort("main").WithDataDirectoryRoot(root).UntilMessageIsLogged("^never$").Build();

        var start = server.StartAsync(cancellation.Token);
        await ProcessAssert.WaitUntilAsync(() => server.Log.Lines.Count > 0, "the server's first line", start);
        var process = ProcessIdentity.Of(server.Process!.Id);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        ProcessAssert.Gone(process);
        Assert.Equal(HelperServerState.Failed, server.State);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [LinuxFact]
    public async Task A_start_step_that_throws_fails_the_start_before_anything_runs()
    {
        var root = TempPath("data");
        await using var server = new HelperServerBuilder(Helper("listen", "{port}", "hang"))
            .WithPort("main").WithDataDirectoryRoot(root)
            .BeforeStart((_, _) => throw new InvalidDataException("seed data is corrupt"))
            .Build();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => server.StartAsync(Token));

        Assert.Equal("seed data is corrupt", error.Message);
        Assert.Null(server.Process);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task A_missing_program_names_itself_and_its_package_and_leaves_nothing()
    {
        var root = TempPath("data");
        await using var server = new HelperServerBuilder(new Command("processkit-no-such-server", "--port", "{port}"))
            .WithPort("main").WithDataDirectoryRoot(root).WithPackage("processkit-no-such-package").Build();

        var error = await Assert.ThrowsAsync<ServerBinaryNotFoundException>(() => server.StartAsync(Token));

        Assert.Equal("processkit-no-such-server", error.Program);
        Assert.Equal("processkit-no-such-package", error.Package);
        Assert.Equal("apt-get install processkit-no-such-package", error.InstallHint);
        Assert.Contains("apt-get install processkit-no-such-package", error.SkipReason, StringComparison.Ordinal);
        Assert.Contains("'processkit-no-such-server'", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.SearchedPaths);
        Assert.IsType<ProcessNotFoundException>(error.InnerException);
        Assert.Empty(Directory.GetFileSystemEntries(root));
        Assert.Empty(server.Ports);
    }

    [LinuxFact]
    public async Task A_port_the_log_says_is_taken_is_replaced_and_the_start_retried()
    {
        // The first attempt says its port is in use and stays up; the second serves.
        var firstAttempt = TempPath("first-attempt");
        await using var server = new HelperServerBuilder(Shell(
                "if [ ! -e \"$1\" ]; then : > \"$1\"; echo \"port $2: bind: Address already in use\" >&2; exec \"$0\" hang; fi; exec \"$0\" listen \"$2\" hang",
                firstAttempt, "{port}"))
            .WithPort("main").UntilMessageIsLogged("^listening on ").UntilPortIsAvailable().Build();

        await server.StartAsync(Token);

        var conflict = Assert.Single(server.Log.Lines, line => line.Text.Contains("Address already in use", StringComparison.Ordinal));
        Assert.DoesNotContain($"port {server.Port}:", conflict.Text, StringComparison.Ordinal);
        Assert.Contains(server.Log.Lines, line => line.Text == $"listening on {server.Port}");
    }

    [LinuxFact]
    public async Task A_server_that_exits_because_its_port_was_taken_is_retried_on_a_new_port()
    {
        TcpListener? thief = null;
        try
        {
            // Another program binds the claimed port between the claim and the server's own bind.
            await using var server = new HelperServerBuilder(Helper("listen", "{port}", "hang"))
                .WithPort("main").WithAddressInUsePattern(null)
                .BeforeStart((context, _) =>
                {
                    if (context.Attempt == 1)
                    {
                        thief = new TcpListener(IPAddress.Loopback, context.Port);
                        thief.Start();
                    }

                    return Task.CompletedTask;
                })
                .UntilMessageIsLogged("^listening on ").Build();

            await server.StartAsync(Token);

            Assert.NotEqual(((IPEndPoint)thief!.LocalEndpoint).Port, server.Port);
            Assert.Equal(HelperServerState.Running, server.State);
        }
        finally
        {
            thief?.Dispose();
        }
    }

    [LinuxFact]
    public async Task When_every_attempt_finds_its_port_taken_the_error_says_so()
    {
        List<TcpListener> thieves = [];
        try
        {
            await using var server = new HelperServerBuilder(Helper("listen", "{port}", "hang"))
                .WithPort("main").WithStartAttempts(2)
                .BeforeStart((context, _) =>
                {
                    var thief = new TcpListener(IPAddress.Loopback, context.Port);
                    thief.Start();
                    thieves.Add(thief);
                    return Task.CompletedTask;
                })
                .UntilMessageIsLogged("^listening on ").Build();

            var error = await Assert.ThrowsAsync<ServerExitedDuringStartupException>(() => server.StartAsync(Token));

            Assert.True(error.PortConflict);
            Assert.Equal(2, error.Attempts);
            Assert.Equal(2, thieves.Count);
            Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            thieves.ForEach(thief => thief.Dispose());
        }
    }

    [LinuxFact]
    public async Task A_fixed_port_in_use_is_refused_before_anything_starts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        await using var server = new HelperServerBuilder(Helper("listen", "{port}", "hang")).WithFixedPort("main", port).Build();

        var error = await Assert.ThrowsAsync<PortUnavailableException>(() => server.StartAsync(Token));

        Assert.Equal(port, error.Port);
        Assert.Null(server.Process);
    }
}
