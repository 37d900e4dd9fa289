#pragma warning disable CA1707 // Test names in the guide read as sentences, as in the repository's tests.
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using Xunit;
using Xunit.v3;
using Assert = Xunit.Assert;
using TestContext = Xunit.TestContext;   // MSTest's TestContext is imported globally in this project.

namespace ProcessKit.Docs.Snippets;

public sealed class OrdersDatabase : ServerFixture<PostgresServer>
{
    protected override PostgresServer CreateServer() => new PostgresServerBuilder().Build();

    protected override async ValueTask OnStartedAsync(PostgresServer server, CancellationToken cancellationToken) =>
        await server.PsqlCommand("-c", "CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL)").RunAsync(cancellationToken);
}

// One server for all the classes of a collection.
[CollectionDefinition("orders")]
public sealed class OrdersGroup : ICollectionFixture<OrdersDatabase>;

[Collection("orders")]
public sealed class OrderQueryTests(OrdersDatabase database)
{
    [Fact]
    public async Task Counts_orders() =>
        Assert.Equal("0", await database.Server.PsqlCommand("-tAc", "SELECT count(*) FROM orders").RunAsync(TestContext.Current.CancellationToken));
}

public sealed class GitTests
{
    [Fact, Cassette]
    public async Task Reads_the_current_branch()
    {
        var branch = await new Command("git", "branch", "--show-current").RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal("main", branch);
    }

    [Theory, Cassette(Mode = CassetteMode.ReplayOnly)]
    [InlineData("v1.0")]
    [InlineData("v2.0")]
    public async Task Describes_a_tag(string tag)
    {
        var spy = new RecordingRunner(TestCassette.Current);
        await new Command("git", "describe", tag).WithRunner(spy).RunAsync(TestContext.Current.CancellationToken);
        spy.AssertRan("git", "describe", tag);
    }
}

public sealed class GitCassetteAttribute : CassetteAttribute
{
    protected override CassetteOptions CreateOptions(IXunitTest test) =>
        base.CreateOptions(test) with { Secrets = ["ghp_example"], SecretEnvironmentVariables = ["GIT_ASKPASS"] };
}

/// <summary>The methods of docs/adapters/xunit-v3.md.</summary>
internal static class AdaptersXunitV3Snippets
{
    public static async Task RunsUnderTheTestTokenAsync()
    {
        var runner = new TestProcessRunner();   // this test's token and output, captured now

        // No token passed: the test's token still cancels it (and kills its tree) when xunit aborts the test.
        var status = await new Command("git", "status", "--short").WithRunner(runner).RunAsync();
        Assert.Empty(status);
    }

    public static async Task RelayAsync(Command worker)
    {
        await using var process = await worker.StartAsync(TestContext.Current.CancellationToken);
        using var relay = process.RelayToCurrentTest("[worker] ");   // earlier lines first, then each as it is read

        Action<string> toThisTest = CurrentTestOutput.Sink();
        process.OnExit(result => toThisTest($"worker {result.Status}"));   // called on another thread
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }
}
