using System.Runtime.CompilerServices;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>
/// The start-once life of a shared server that every adapter uses: started once, its log routed,
/// a failed start kept and rethrown as it was (a missing program as the adapter's skip), stopped
/// once with nothing left. Each spawned server is marked as this test's, so the base class also
/// checks that none of it survives.
/// </summary>
public sealed class SharedServerLifecycleTests : SpawningTest
{
    private readonly List<string> _unattached = [];

    [LinuxFact]
    public async Task A_started_server_is_ready_its_startup_log_goes_to_the_unattached_sink_and_disposal_stops_it()
    {
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => Ready("plain"));

        var failure = await lifecycle.StartAsync(Unattached, Token);
        var server = lifecycle.Server!;
        var pids = server.ProcessIds.Select(ProcessIdentity.Of).ToList();

        Assert.Null(failure);
        Assert.True(lifecycle.IsStarted);
        Assert.True(lifecycle.StartEnded);
        Assert.Equal(HelperServerState.Running, server.State);
        Assert.Contains("[plain] booting", UnattachedLines());
        lifecycle.ThrowStartupFailure(_ => Assert.Fail("a started server skips nothing"));

        await lifecycle.DisposeAsync();

        Assert.False(lifecycle.IsStarted);
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task An_attached_test_gets_the_log_lines_instead_of_the_unattached_sink()
    {
        var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => Ready("attached"));
        await lifecycle.StartAsync(Unattached, Token);
        var test = new List<string>();

        using (lifecycle.Attach(line => { lock (test) { test.Add(line); } }))
        {
            await lifecycle.DisposeAsync();
        }

        Assert.Contains(test, line => line.StartsWith("[attached] (processkit) stopping", StringComparison.Ordinal));
        Assert.DoesNotContain(UnattachedLines(), line => line.Contains("stopping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_runs_once_and_only_the_call_that_made_it_returns_its_failure()
    {
        var calls = 0;
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, () =>
        {
            calls++;
            throw new InvalidOperationException("no such setting");
        });

        var first = await lifecycle.StartAsync(Unattached, Token);
        var second = await lifecycle.StartAsync(Unattached, Token);

        Assert.Equal(1, calls);
        Assert.IsType<InvalidOperationException>(first);
        Assert.Null(second);
        Assert.Same(first, lifecycle.StartupFailure);
        Assert.True(lifecycle.StartBegun);
        Assert.True(lifecycle.StartEnded);
        Assert.False(lifecycle.IsStarted);
        Assert.Null(lifecycle.Server);
    }

    [Fact]
    public async Task A_failed_start_is_rethrown_as_it_was_in_every_test()
    {
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, BuildBrokenServer);
        await lifecycle.StartAsync(Unattached, Token);

        var first = Assert.Throws<ArgumentException>(() => lifecycle.ThrowStartupFailure(_ => Assert.Fail("not a missing program")));
        var second = Assert.Throws<ArgumentException>(() => lifecycle.ThrowStartupFailure(_ => Assert.Fail("not a missing program")));

        Assert.Same(lifecycle.StartupFailure, first);
        Assert.Same(first, second);
        Assert.Contains(nameof(BuildBrokenServer), first.StackTrace, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_missing_program_is_the_adapters_skip_naming_the_package()
    {
        await using var lifecycle = new SharedServerLifecycle<RedisServer>(this, () => new RedisServerBuilder().WithProgram("/nonexistent/redis-server").Build());
        var failure = await lifecycle.StartAsync(Unattached, Token);

        var skip = Assert.Throws<SkipForTest>(() => lifecycle.ThrowStartupFailure(missing => throw new SkipForTest(missing.SkipReason)));

        Assert.IsType<ServerBinaryNotFoundException>(failure);
        Assert.Contains("apt-get install redis-server", skip.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_skip_that_returns_still_throws_the_failure()
    {
        await using var lifecycle = new SharedServerLifecycle<RedisServer>(this, () => new RedisServerBuilder().WithProgram("/nonexistent/redis-server").Build());
        await lifecycle.StartAsync(Unattached, Token);
        var skipped = false;

        var failure = Assert.Throws<ServerBinaryNotFoundException>(() => lifecycle.ThrowStartupFailure(_ => skipped = true));

        Assert.True(skipped);
        Assert.Same(lifecycle.StartupFailure, failure);
    }

    [LinuxFact]
    public async Task A_failed_preparation_is_a_failed_start_and_the_server_still_stops()
    {
        var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => Ready("prepared"));

        var failure = await lifecycle.StartAsync(Unattached, Token, (_, _) => throw new InvalidOperationException("the schema could not be created"));
        var pids = lifecycle.Server!.ProcessIds.Select(ProcessIdentity.Of).ToList();
        await lifecycle.DisposeAsync();

        Assert.Equal("the schema could not be created", failure?.Message);
        Assert.False(lifecycle.IsStarted);
        Assert.Same(failure, Assert.Throws<InvalidOperationException>(() => lifecycle.ThrowStartupFailure(_ => Assert.Fail("not a missing program"))));
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task Cancelling_the_start_keeps_the_cancellation_and_leaves_no_process()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var booting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, () =>
            new HelperServerBuilder(Helper("out", "booting", "hang")).WithName("never-ready").UntilMessageIsLogged("^ready$").Build());

        var starting = lifecycle.StartAsync(line => { if (line.EndsWith("booting", StringComparison.Ordinal)) { booting.TrySetResult(); } }, cancellation.Token);
        await booting.Task.WaitAsync(ProcessAssert.WaitLimit, Token);
        var pids = lifecycle.Server!.ProcessIds.Select(ProcessIdentity.Of).ToList();
        await cancellation.CancelAsync();
        var failure = await starting;

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        Assert.True(lifecycle.StartEnded);
        Assert.NotEmpty(pids);
        Assert.All(pids, ProcessAssert.Gone);
    }

    [LinuxFact]
    public async Task A_server_that_exits_after_its_start_is_reported_with_its_last_log_lines()
    {
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => Ready("crashing"));
        await lifecycle.StartAsync(Unattached, Token);
        var process = lifecycle.Server!.Process!;
        lifecycle.ThrowIfExited(); // running: nothing to say

        process.Kill();
        await process.WaitForExitAsync(Token);

        var exited = Assert.Throws<InvalidOperationException>(lifecycle.ThrowIfExited);
        Assert.Contains("The crashing server has exited since it started", exited.Message, StringComparison.Ordinal);
        Assert.Contains("ready", exited.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_server_stopped_on_purpose_has_not_exited_by_itself()
    {
        await using var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => Ready("stopped"));
        await lifecycle.StartAsync(Unattached, Token);

        await lifecycle.Server!.StopAsync(Token);

        lifecycle.ThrowIfExited();
        Assert.Equal(HelperServerState.Stopped, lifecycle.Server.State);
    }

    [Fact]
    public async Task Before_the_start_there_is_no_server_and_nothing_to_throw()
    {
        var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => throw new InvalidOperationException("not called"));

        lifecycle.ThrowStartupFailure(_ => Assert.Fail("nothing failed"));
        lifecycle.ThrowIfExited();

        Assert.False(lifecycle.StartBegun);
        Assert.False(lifecycle.StartEnded);
        Assert.Null(lifecycle.Server);
        Assert.Equal("HelperServer (not started)", lifecycle.ToString());
        await lifecycle.DisposeAsync();
    }

    [Fact]
    public async Task Disposal_is_idempotent_and_then_a_start_is_refused_in_the_owners_name()
    {
        var lifecycle = new SharedServerLifecycle<HelperServer>(this, () => throw new InvalidOperationException("not called"));

        await lifecycle.DisposeAsync();
        await lifecycle.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(() => lifecycle.StartAsync(Unattached, Token));
        Assert.Equal(GetType().FullName, refused.ObjectName);
        Assert.Equal(GetType().FullName, Assert.Throws<ObjectDisposedException>(lifecycle.ThrowIfDisposed).ObjectName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HelperServer BuildBrokenServer() => throw new ArgumentException("{port:missing} names no port");

    private HelperServer Ready(string name) =>
        new HelperServerBuilder(Helper("out", "booting", "out", "ready", "hang")).WithName(name).UntilMessageIsLogged("^ready$").Build();

    private void Unattached(string line)
    {
        lock (_unattached)
        {
            _unattached.Add(line);
        }
    }

    private List<string> UnattachedLines()
    {
        lock (_unattached)
        {
            return [.. _unattached];
        }
    }

    /// <summary>Stands for a framework's skip exception.</summary>
    private sealed class SkipForTest(string reason) : Exception(reason);
}
