using ProcessKit;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using Xunit.v3;

namespace Integration.XunitV3.Adapter;

/// <summary>
/// The fixture base on its own, started inside a test: failures are kept and rethrown as
/// themselves, a missing program becomes a skip, and a cancelled start leaves nothing running.
/// Each server is marked as this test's, so the base class checks that none of it survives.
/// </summary>
public sealed class ServerFixtureTests : SpawningTest
{
    [LinuxFact]
    public async Task A_server_that_crashes_during_startup_is_the_error_of_every_test_with_its_log()
    {
        await using var fixture = new Fixture(() => new HelperServerBuilder(Track(new Command(DemoServerBuilder.DefaultProgramPath, "--port", "not-a-port")))
            .WithName("crashing")
            .WithPort("demo")
            .UntilPortIsAvailable()
            .Build());

        await fixture.InitializeAsync();

        var failure = Assert.IsType<ServerExitedDuringStartupException>(fixture.StartupFailure);
        Assert.Equal(2, failure.ExitCode);
        Assert.Contains(failure.LastLines, line => line.Text.StartsWith("usage: DemoServer", StringComparison.Ordinal));
        Assert.Contains("usage: DemoServer", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, Assert.Throws<ServerExitedDuringStartupException>(() => fixture.Server));
        Assert.Same(failure, Assert.Throws<ServerExitedDuringStartupException>(() => fixture.Server));
    }

    [LinuxFact]
    public async Task A_missing_program_skips_the_test_naming_the_package()
    {
        await using var fixture = new Fixture(() => new RedisServerBuilder().WithProgram("/nonexistent/redis-server").Build());

        await fixture.InitializeAsync();

        Assert.IsType<ServerBinaryNotFoundException>(fixture.StartupFailure);
        var skip = CatchSkip(() => fixture.Server);
        Assert.StartsWith(DynamicSkipToken.Value, skip.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install redis-server", skip.Message, StringComparison.Ordinal);
        Assert.Same(fixture.StartupFailure, skip.InnerException);
    }

    [LinuxFact]
    public async Task Cancelling_the_test_in_the_middle_of_the_start_leaves_no_process()
    {
        HelperServer? server = null;
        await using var fixture = new Fixture(() => server = new HelperServerBuilder(Helper("out", "booting", "hang"))
            .WithName("never-ready")
            .UntilMessageIsLogged("^ready$")
            .Build());

        var starting = fixture.InitializeAsync().AsTask();
        await ProcessAssert.WaitUntilAsync(() => server?.Log.Lines.Any(line => line.Text == "booting") == true, "the server to be running", starting);
        var pids = server!.ProcessIds.Select(ProcessIdentity.Of).ToList();
        TestContext.Current.CancelCurrentTest();
        await starting;

        Assert.IsAssignableFrom<OperationCanceledException>(fixture.StartupFailure);
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
        Assert.Empty(server.ProcessIds);
    }

    [Fact]
    public async Task A_server_that_cannot_be_built_is_the_error_of_every_test()
    {
        await using var fixture = new Fixture(() => new HelperServerBuilder(new Command("server")).WithStartupTimeout(TimeSpan.Zero).Build());

        await fixture.InitializeAsync();

        var failure = Assert.IsType<ArgumentOutOfRangeException>(fixture.StartupFailure, exactMatch: false);
        Assert.Same(failure, Assert.ThrowsAny<ArgumentException>(() => fixture.Server));
    }

    [LinuxFact]
    public async Task A_failed_preparation_is_the_error_of_every_test_and_the_server_still_stops()
    {
        HelperServer? server = null;
        var fixture = new Fixture(
            () => server = new HelperServerBuilder(Helper("out", "ready", "hang")).WithName("prepared").UntilMessageIsLogged("^ready$").Build(),
            onStarted: () => throw new InvalidOperationException("the schema could not be created"));

        await fixture.InitializeAsync();
        var pids = server!.ProcessIds.Select(ProcessIdentity.Of).ToList();
        await fixture.DisposeAsync();

        Assert.Equal("the schema could not be created", Assert.Throws<InvalidOperationException>(() => fixture.Server).Message);
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task A_started_server_is_reachable_and_disposing_the_fixture_stops_it()
    {
        var fixture = new Fixture(() => new HelperServerBuilder(Helper("out", "ready", "hang")).WithName("plain").UntilMessageIsLogged("^ready$").Build());

        await fixture.InitializeAsync();
        var pids = fixture.Server.ProcessIds.Select(ProcessIdentity.Of).ToList();
        await fixture.DisposeAsync();
        await fixture.DisposeAsync();

        Assert.Null(fixture.StartupFailure);
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task A_server_that_exits_after_its_start_fails_the_next_test_with_its_last_log_lines()
    {
        await using var fixture = new Fixture(() => new HelperServerBuilder(Helper("out", "ready", "out", "serving requests", "hang")).WithName("short-lived").UntilMessageIsLogged("^ready$").Build());
        await fixture.InitializeAsync();
        var process = fixture.Server.Process!;
        // Ready comes before the second line: wait for it too, so the log holds it when the server dies.
        await process.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^serving requests$"), TimeSpan.FromSeconds(30), cancellationToken: Token);

        process.Kill();
        await process.WaitForExitAsync(Token);

        var failure = Assert.Throws<InvalidOperationException>(() => fixture.Server);
        Assert.Contains("The short-lived server has exited since it started", failure.Message, StringComparison.Ordinal);
        Assert.Contains("serving requests", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_test_gets_the_last_200_log_lines_unless_the_fixture_says_otherwise()
    {
        Assert.Equal(200, new Fixture(() => throw new InvalidOperationException("not called")).AttachedLogLines);
        Assert.Equal(50, new Fixture(() => throw new InvalidOperationException("not called")) { AttachedLogLines = 50 }.AttachedLogLines);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fixture(() => throw new InvalidOperationException("not called")) { AttachedLogLines = 0 });
    }

    [Fact]
    public void A_fixture_that_was_never_initialized_says_so()
    {
        var fixture = new Fixture(() => throw new InvalidOperationException("not called"));

        var error = Assert.Throws<InvalidOperationException>(() => fixture.Server);
        Assert.Contains("has not been initialized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fixture_is_initialized_once()
    {
        await using var fixture = new Fixture(() => new HelperServerBuilder(new Command("server")).WithStartupTimeout(TimeSpan.Zero).Build());
        await fixture.InitializeAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.InitializeAsync().AsTask());
    }

    [Fact]
    public async Task A_fixture_disposed_before_it_was_initialized_starts_nothing()
    {
        var created = 0;
        var fixture = new Fixture(() =>
        {
            created++;
            return new HelperServerBuilder(new Command("server")).Build();
        });

        await fixture.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => fixture.InitializeAsync().AsTask());
        Assert.Equal(0, created);
    }

    /// <summary>
    /// The exception <paramref name="action"/> throws, caught by hand: xunit's Assert.Throws lets
    /// a skip exception through, so that it skips the test instead of being examined.
    /// </summary>
    private static Exception CatchSkip(Func<object> action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("Expected a skip exception, but nothing was thrown.");
    }

    /// <summary>A fixture whose server (and preparation) the test decides.</summary>
    private sealed class Fixture(Func<HelperServer> create, Action? onStarted = null) : ServerFixture<HelperServer>
    {
        protected override HelperServer CreateServer() => create();

        protected override ValueTask OnStartedAsync(HelperServer server, CancellationToken cancellationToken)
        {
            onStarted?.Invoke();
            return ValueTask.CompletedTask;
        }
    }
}
