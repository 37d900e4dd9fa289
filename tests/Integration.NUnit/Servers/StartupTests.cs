using Integration.NUnit.Infrastructure;
using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Servers;

/// <summary>Starts that go wrong: a real server crashing during startup, and a start cancelled half-way.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class StartupTests
{
    [Test]
    public async Task A_redis_that_crashes_during_startup_fails_fast_with_its_log()
    {
        await using var broken = ServerFixture.Of(new RedisServerBuilder().WithSetting("no-such-directive", "on"));

        await broken.StartAsync();

        if (broken.StartupFailure is ServerBinaryNotFoundException missing)
        {
            Assert.Ignore(missing.SkipReason);
        }

        var error = Assert.Throws<ServerExitedDuringStartupException>(() => _ = broken.Server);
        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(1));
            Assert.That(error.LastLines.Select(line => line.Text), Has.Some.Contains("no-such-directive"), "redis's own complaint is in the error");
            Assert.That(error.Message, Does.Contain("no-such-directive"));
            Assert.That(broken.StartupFailure, Is.SameAs(error), "the test sees the start's own exception");
        });
    }

    [Test]
    public async Task A_server_that_exits_after_its_start_fails_the_next_test_with_its_last_log_lines()
    {
        await using var shared = new ServerFixture<HelperServer>(() =>
            new HelperServerBuilder(new Command("sh", "-c", "echo ready; echo 'serving requests'; exec sleep 600")).WithName("short-lived").UntilMessageIsLogged("^ready$").Build());
        await shared.StartAsync();
        var process = shared.Server.Process!;
        // Ready comes before the second line: wait for it too, so the log holds it when the server dies.
        await process.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^serving requests$"), TimeSpan.FromSeconds(30), cancellationToken: TestContext.CurrentContext.CancellationToken);

        process.Kill();
        await process.WaitForExitAsync(TestContext.CurrentContext.CancellationToken);

        var failure = Assert.Throws<InvalidOperationException>(() => _ = shared.Server);
        Assert.That(failure!.Message, Does.Contain("The short-lived server has exited since it started").And.Contain("serving requests"));
    }

    [Test]
    public async Task A_start_cancelled_half_way_leaves_no_process()
    {
        using var cancellation = new CancellationTokenSource();
        var started = new ProcessTree();
        HelperServer? server = null;
        var builder = new HelperServerBuilder(new Command("/bin/sh", "-c", "sleep 300 & echo spawned a child; wait"))
            .WithName("never-ready")
            .UntilMessageIsLogged("^never printed$")
            .WithLogSink(line =>
            {
                // Called on the reading thread once the server has spawned its child: cancel the start there.
                if (line.EndsWith("spawned a child", StringComparison.Ordinal))
                {
                    started.Add(server!.ProcessIds);
                    _ = cancellation.CancelAsync();
                }
            });
        await using var shared = new ServerFixture<HelperServer>(() => server = builder.Build());

        await shared.StartAsync(cancellation.Token);

        Assert.Multiple(() =>
        {
            Assert.That(shared.StartupFailure, Is.InstanceOf<OperationCanceledException>());
            Assert.That(() => shared.Server, Throws.InstanceOf<OperationCanceledException>(), "the tests that use it see the cancellation");
            Assert.That(started.Count, Is.GreaterThanOrEqualTo(2), "the shell and its sleeping child were running when the start was cancelled");
        });
        started.AssertAllGone();
    }
}
