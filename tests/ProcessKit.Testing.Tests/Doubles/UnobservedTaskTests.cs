using ProcessKit.Core.Tests.Groups;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>
/// The doubles leave no fault unobserved either (issue 10, item 6): a test host that fails on
/// <see cref="TaskScheduler.UnobservedTaskException"/> stays green whatever a test awaits or leaves,
/// including a scripted process whose exit faults and that is only disposed.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class UnobservedTaskTests
{
    private const int Runs = 20;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scripted_runs_starts_and_failures_leave_no_unobserved_fault()
    {
        using var watch = new UnobservedTaskWatch();
        var runner = new ScriptedRunner()
            .On("ok").Always(ScriptedReply.Success("fine\n"))
            .On("missing").Always(ScriptedReply.NotFound())
            .On("broken").Always(ScriptedReply.Throws(new InvalidOperationException("scripted failure")))
            .On("server").Always(ScriptedReply.Streamed([ScriptedLine.Out("up")], ScriptedExit.WhenStopped));

        for (var i = 0; i < Runs; i++)
        {
            Assert.Equal("fine", await runner.RunAsync(new Command("ok"), Token));
            await Assert.ThrowsAsync<ProcessNotFoundException>(() => runner.RunAsync(new Command("missing"), Token));
            await Assert.ThrowsAsync<InvalidOperationException>(() => runner.OutputAsync(new Command("broken"), Token));
            await using (var server = await runner.StartAsync(new Command("server"), Token))
            {
                await server.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^up$"), ProcessAssert.WaitLimit, cancellationToken: Token);
            }

            // Its exit faults with the handler's exception; nobody looks at Exited, the process is only disposed.
            var failing = new Command("x").WithStandardOutput(OutputTarget.ToLineHandler(_ => throw new InvalidOperationException("handler failed")));
            await using (var played = ScriptedProcess.Start(failing, ProcessScript.FromOutput("line\n", "")))
            {
                await ProcessAssert.WaitUntilAsync(() => played.HasExited, "the handler's failure to end the script");
            }
        }

        Assert.Empty(watch.LibraryFaults());
    }
}
