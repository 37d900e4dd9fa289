using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;

namespace XunitV3.Sample;

/// <summary>Code under test that shells out to a tool: it takes the runner it uses.</summary>
public sealed class ToolVersions(IProcessRunner runner)
{
    public Task<string> GitAsync(CancellationToken cancellationToken) =>
        new Command("git", "--version").WithRunner(runner).RunAsync(cancellationToken);
}

/// <summary>
/// The tool's answer comes from a cassette (Cassettes/ToolVersionTests/...json, recorded once with
/// git installed and committed): the test runs offline, and a RecordingRunner around the cassette
/// checks what the code ran.
/// </summary>
public sealed class ToolVersionTests
{
    [Fact, Cassette]
    public async Task Reports_the_git_version()
    {
        var spy = new RecordingRunner(TestCassette.Current);

        var version = await new ToolVersions(spy).GitAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("git version ", version, StringComparison.Ordinal);
        spy.AssertRan("git", "--version");
    }
}
