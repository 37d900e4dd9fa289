using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>An environment variable points a fixture at a running server: nothing is started, readiness still holds from outside.</summary>
public sealed class ExistingServerTests : SpawningTest
{
    private readonly string _variable = "PROCESSKIT_TEST_SERVER_" + Guid.NewGuid().ToString("N");

    [LinuxFact]
    public async Task A_running_server_named_by_the_variable_is_used_and_no_process_started()
    {
        await using var external = await StartExternalListenerAsync();
        using var variable = new VariableScope(_variable, $"tcp://127.0.0.1:{external.Port}");
        await using var server = Fixture().UntilMessageIsLogged("^listening on ").Build();

        await server.StartAsync(Token);

        Assert.True(server.IsExistingServer);
        Assert.Equal(HelperServerState.Running, server.State);
        Assert.Equal(external.Port, server.Port);
        Assert.Equal("127.0.0.1", server.Host);
        Assert.Equal(new Uri($"tcp://127.0.0.1:{external.Port}"), server.ExistingServerAddress);
        Assert.Null(server.Process);
        Assert.Null(server.DataDirectory);
        Assert.Empty(server.ProcessIds);
        Assert.DoesNotContain(server.Log.Lines, line => line.Text.StartsWith("listening on", StringComparison.Ordinal));

        await server.StopAsync(Token);
        Assert.Equal(HelperServerState.Stopped, server.State);
        Assert.False(external.Process.HasExited, "stopping the fixture leaves the existing server alone");
    }

    [LinuxFact]
    public async Task An_existing_server_that_does_not_answer_times_out_naming_the_address()
    {
        using var unused = PortAllocator.Shared.ClaimFreePort("test");
        using var variable = new VariableScope(_variable, $"127.0.0.1:{unused.Port}");
        var clock = new TimerWatchingClock();
        await using var server = Fixture().WithTimeProvider(clock).WithStartupTimeout(TimeSpan.FromSeconds(5)).Build();

        var start = server.StartAsync(Token);
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers > 0, "the startup timeout's timer", start);
        clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<ServerStartupTimeoutException>(() => start);

        Assert.Contains($"127.0.0.1:{unused.Port} (from {_variable})", error.Awaited, StringComparison.Ordinal);
        Assert.False(server.IsExistingServer);
        Assert.Equal(HelperServerState.Failed, server.State);
    }

    [Fact]
    public async Task A_variable_that_holds_no_address_fails_the_start()
    {
        using var variable = new VariableScope(_variable, "not an address");
        await using var server = Fixture().Build();

        var error = await Assert.ThrowsAsync<FormatException>(() => server.StartAsync(Token));

        Assert.Contains(_variable, error.Message, StringComparison.Ordinal);
        Assert.Null(server.Process);
    }

    [LinuxFact]
    public async Task Without_the_variable_the_server_is_started_as_usual()
    {
        await using var server = Fixture().Build();

        await server.StartAsync(Token);

        Assert.False(server.IsExistingServer);
        Assert.NotNull(server.Process);
    }

    private HelperServerBuilder Fixture() =>
        new HelperServerBuilder(Helper("listen", "{port}", "hang"))
            .WithPort("main")
            .WithExistingServerVariable(_variable)
            .UntilPortIsAvailable();

    private async Task<ExternalListener> StartExternalListenerAsync()
    {
        var process = await Helper("listen", "0", "hang").StartAsync(Token);
        await foreach (var line in process.StandardOutputLines.WithCancellation(Token))
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                return new ExternalListener(process, int.Parse(line["listening on ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("the listener ended without listening");
    }

    private sealed record ExternalListener(RunningProcess Process, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
