using System.Diagnostics;
using Integration.MSTest.Infrastructure;
using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Adapter;

/// <summary>The MSTest token (TestContext.CancellationToken) flows into server starts and commands, and a cancelled start leaves nothing.</summary>
[TestClass]
public sealed class CancellationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_fixture_start_cancelled_midway_leaves_no_process_and_each_test_gets_the_cancellation()
    {
        HelperServer? server = null;
        await using var fixture = new ServerFixture<HelperServer>(() => server = SlowStarter());
        using var initializeContext = new RecordingTestContext();

        var start = fixture.StartAsync(initializeContext);
        await initializeContext.WaitForAsync("[slow-starter] booting", TestContext.CancellationToken);
        var processes = ProcessTree.Snapshot(server!.ProcessIds);
        await initializeContext.CancellationTokenSource.CancelAsync();
        await start;

        Assert.IsNotEmpty(processes);
        ProcessTree.AssertGone(processes);
        Assert.IsInstanceOfType<OperationCanceledException>(fixture.StartupFailure);
        Assert.Throws<OperationCanceledException>(() => fixture.Server);
    }

    [TestMethod]
    public async Task A_server_of_the_test_itself_is_started_with_the_test_token_and_a_cancelled_start_leaves_no_process()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);
        var server = SlowStarter();

        var start = scope.StartServerAsync(server);
        await context.WaitForAsync("[slow-starter] booting", TestContext.CancellationToken);
        var processes = ProcessTree.Snapshot(server.ProcessIds);
        await context.CancellationTokenSource.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => start);
        Assert.IsNotEmpty(processes);
        ProcessTree.AssertGone(processes);
        context.Outcome = UnitTestOutcome.Failed;
        await scope.CompleteAsync();
    }

    [TestMethod]
    public async Task Commands_through_the_scope_runner_get_the_test_token()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);
        var inner = new TokenCapturingRunner();
        var runner = scope.Relay(inner);

        var run = runner.OutputAsync(new Command("git", "status"), TestContext.CancellationToken);
        var token = await inner.Called.Task.WaitAsync(TestContext.CancellationToken);
        Assert.IsFalse(token.IsCancellationRequested);
        await context.CancellationTokenSource.CancelAsync();

        Assert.IsTrue(token.IsCancellationRequested);
        await Assert.ThrowsAsync<OperationCanceledException>(() => run);
        context.Outcome = UnitTestOutcome.Passed;
        await scope.CompleteAsync();
    }

    private static HelperServer SlowStarter() =>
        new HelperServerBuilder(new Command("sh", "-c", "echo booting; exec sleep 600"))
            .WithName("slow-starter")
            .UntilMessageIsLogged("^ready$")
            .WithStartupTimeout(TimeSpan.FromHours(1))
            .Build();

    /// <summary>A runner that hands the test the token it was given and waits on it, as a real run would.</summary>
    private sealed class TokenCapturingRunner : IProcessRunner
    {
        public TaskCompletionSource<CancellationToken> Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ProcessPlacement? Placement => null;

        public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
        {
            Called.TrySetResult(cancellationToken);
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
            throw new UnreachableException();
        }

        public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
