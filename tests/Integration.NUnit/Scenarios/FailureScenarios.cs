using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Scenarios;

/// <summary>A shared server that crashes during startup: the tests that use it fail with its real exception, the other passes.</summary>
public sealed class FailedStartScenarios
{
    private readonly ServerFixture<HelperServer> _crashing = ServerFixture.Of(ScenarioServers.Crashing("crashing"));

    [OneTimeSetUp]
    public Task StartServer() => _crashing.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopServer() => _crashing.DisposeAsync();

    [Test]
    public void Uses_it_first() => Assert.That(_crashing.Server.Port, Is.Positive);

    [Test]
    public void Uses_it_second() => Assert.That(_crashing.Server.Port, Is.Positive);

    [Test]
    public void Does_not_use_it() => Assert.Pass();
}

/// <summary>A shared server whose program is missing: the tests that use it are ignored, naming the package.</summary>
public sealed class MissingBinaryScenarios
{
    private readonly ServerFixture<HelperServer> _missing = ServerFixture.Of(ScenarioServers.Missing("absent"));

    [OneTimeSetUp]
    public Task StartServer() => _missing.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopServer() => _missing.DisposeAsync();

    [Test]
    public void Uses_it() => Assert.That(_missing.Server.Port, Is.Positive);

    [Test]
    public void Does_not_use_it() => Assert.Pass();
}

/// <summary>A test that fails after using a server gets the server's log tail attached; one that passes gets nothing.</summary>
public sealed class AttachmentScenarios
{
    private readonly ServerFixture<HelperServer> _echo = ServerFixture.Of(ScenarioServers.Echo("attached"));

    [OneTimeSetUp]
    public Task StartServer() => _echo.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopServer() => _echo.DisposeAsync();

    [Test]
    public async Task Fails_after_using_it()
    {
        await ScenarioServers.EchoAsync(_echo.Server, "written before the failure");
        Assert.Fail("failing on purpose");
    }

    [Test]
    public async Task Passes_after_using_it() => await ScenarioServers.EchoAsync(_echo.Server, "written by a passing test");
}
