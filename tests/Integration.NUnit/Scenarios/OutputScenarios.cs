using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Scenarios;

/// <summary>
/// Two tests that run at the same time (each waits for the other): one uses a shared server and
/// runs commands, the other only runs a command. Each output must hold its own lines only.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class OutputScenarios
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly ServerFixture<HelperServer> _echo = ServerFixture.Of(ScenarioServers.Echo("echo"));
    private readonly TaskCompletionSource _serverUserArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _bystanderArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _serverUserDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [OneTimeSetUp]
    public Task StartServer() => _echo.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopServer() => _echo.DisposeAsync();

    [Test]
    public async Task Uses_the_server()
    {
        var server = _echo.Server;
        _serverUserArrived.SetResult();
        await _bystanderArrived.Task.WaitAsync(HangGuard);

        await ScenarioServers.EchoAsync(server, "line from the server user");
        await new Command("echo", "command output of the server user").RunAsync();
        await using (var started = await new Command("/bin/sh", "-c", "echo started by the server user; echo its error >&2").StartAsync())
        {
            await started.WaitForExitAsync();
        }

        _serverUserDone.SetResult();
    }

    [Test]
    public async Task Runs_beside_it()
    {
        _bystanderArrived.SetResult();
        await _serverUserArrived.Task.WaitAsync(HangGuard);
        await new Command("echo", "command output of the bystander").RunAsync();
        await _serverUserDone.Task.WaitAsync(HangGuard);
    }
}
