using Integration.MSTest.Infrastructure;
using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Adapter;

/// <summary>
/// Class fixtures whose start fails, in MSTest's real lifecycle: [ClassInitialize] does not fail,
/// and each test that uses the server gets the real startup exception, or a skip naming the package.
/// </summary>
[TestClass]
public sealed class StartupFailureTests : ProcessKitTest
{
    // The startup timeout is far longer than any test run: the class finishing at all proves the
    // crash was reported as soon as the server exited, not when readiness gave up.
    private static readonly ServerFixture<HelperServer> Crashing = new(() =>
        new HelperServerBuilder(new Command("sh", "-c", "echo 'loading /etc/crasher.conf'; echo 'fatal: bad setting on line 3' >&2; exit 3"))
            .WithName("crasher")
            .UntilMessageIsLogged("^ready$")
            .WithStartupTimeout(TimeSpan.FromHours(1))
            .Build());

    private static readonly ServerFixture<RedisServer> NotInstalled = new(() => new RedisServerBuilder().WithProgram("/nonexistent/redis-server").Build());

    private static readonly ServerFixture<HelperServer> Misconfigured = new(() =>
        new HelperServerBuilder(new Command("sh", "-c", "exec sleep 600", "{port:missing}")).Build());

    [ClassInitialize]
    public static Task StartAsync(TestContext context) =>
        Task.WhenAll(Crashing.StartAsync(context), NotInstalled.StartAsync(context), Misconfigured.StartAsync(context));

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await Crashing.DisposeAsync();
        await NotInstalled.DisposeAsync();
        await Misconfigured.DisposeAsync();
    }

    [TestMethod]
    public void A_test_using_a_server_that_crashed_during_startup_fails_with_the_real_exception_and_its_log()
    {
        var failure = Assert.ThrowsExactly<ServerExitedDuringStartupException>(() => Use(Crashing));

        Assert.AreSame(Crashing.StartupFailure, failure);
        Assert.AreEqual(3, failure.ExitCode);
        Assert.Contains("fatal: bad setting on line 3", failure.Message);
        Assert.Contains("loading /etc/crasher.conf", failure.Message);
    }

    [TestMethod]
    public void Every_test_that_uses_the_failed_server_gets_the_same_exception()
    {
        var first = Assert.ThrowsExactly<ServerExitedDuringStartupException>(() => Use(Crashing));
        var second = Assert.ThrowsExactly<ServerExitedDuringStartupException>(() => Crashing.Server);

        Assert.AreSame(first, second);
        Assert.IsFalse(Crashing.IsStarted);
    }

    [TestMethod]
    public void A_test_using_a_server_whose_program_is_missing_is_skipped_with_the_package_to_install()
    {
        var skip = Assert.ThrowsExactly<AssertInconclusiveException>(() => Use(NotInstalled));

        Assert.Contains("/nonexistent/redis-server", skip.Message);
        Assert.Contains("apt-get install redis-server", skip.Message);
    }

    [TestMethod]
    public void A_builder_error_is_a_startup_failure_too_not_a_broken_type_initializer()
    {
        var failure = Assert.ThrowsExactly<ArgumentException>(() => Use(Misconfigured));

        Assert.Contains("missing", failure.Message);
    }

    [TestMethod]
    public async Task A_server_that_exits_after_its_start_fails_the_next_test_with_its_last_log_lines()
    {
        await using var fixture = new ServerFixture<HelperServer>(() =>
            new HelperServerBuilder(new Command("sh", "-c", "echo ready; echo 'serving requests'; exec sleep 600")).WithName("short-lived").UntilMessageIsLogged("^ready$").Build());
        using var initializeContext = new RecordingTestContext();
        await fixture.StartAsync(initializeContext);
        var process = fixture.Server.Process!;
        // Ready comes before the second line: wait for it too, so the log holds it when the server dies.
        await process.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^serving requests$"), TimeSpan.FromSeconds(30), cancellationToken: CancellationToken);

        process.Kill();
        await process.WaitForExitAsync(CancellationToken);

        var failure = Assert.ThrowsExactly<InvalidOperationException>(() => Use(fixture));
        Assert.Contains("The short-lived server has exited since it started", failure.Message);
        Assert.Contains("serving requests", failure.Message);
    }

    [TestMethod]
    public void A_test_that_uses_no_failed_server_is_not_affected()
    {
        Assert.IsNotNull(Crashing.StartupFailure);
        Assert.IsNotNull(Runner);
    }
}
