using System.Text.RegularExpressions;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Adapter;

/// <summary>Lines read on background threads reach the output of the test that asked for them.</summary>
public sealed class CurrentTestOutputTests : SpawningTest
{
    private static string OutputSoFar => TestContext.Current.TestOutputHelper!.Output;

    [LinuxFact]
    public async Task A_started_process_is_relayed_to_the_test_output_as_its_pipes_are_read()
    {
        await using var process = await Helper("out", "first line", "err", "second line", "hang").StartAsync(Token);
        using var relay = process.RelayToCurrentTest("[helper] ");

        await ProcessAssert.WaitUntilAsync(() => OutputSoFar.Contains("[helper] [stderr] second line", StringComparison.Ordinal), "the relayed lines");
        Assert.Contains("[helper] first line", OutputSoFar, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Lines_written_before_the_relay_began_are_relayed_first()
    {
        await using var process = await Helper("out", "early", "hang").StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^early$"), ProcessAssert.WaitLimit, cancellationToken: Token);

        using var relay = process.RelayToCurrentTest();

        Assert.Contains("early", OutputSoFar, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_disposed_relay_stops_relaying()
    {
        await using var process = await Helper("out", "before", "read-line", "out", "after", "hang").KeepStandardInputOpen().StartAsync(Token);
        var relay = process.RelayToCurrentTest("[p] ");
        await ProcessAssert.WaitUntilAsync(() => OutputSoFar.Contains("[p] before", StringComparison.Ordinal), "the first line");

        relay.Dispose();
        await process.StandardInput.WriteLineAsync("go", Token);
        await process.WaitForLineAsync(new Regex("^after$"), ProcessAssert.WaitLimit, cancellationToken: Token);

        Assert.DoesNotContain("[p] after", OutputSoFar, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sink_writes_to_the_test_that_made_it_from_any_thread()
    {
        var sink = CurrentTestOutput.Sink();

        var thread = new Thread(() => sink("written on a thread the test does not own"));
        thread.Start();
        thread.Join();

        Assert.Contains("written on a thread the test does not own", OutputSoFar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_test_there_is_no_output_to_capture()
    {
        Task<Action<string>> outside;
        using (ExecutionContext.SuppressFlow())
        {
            outside = Task.Run(CurrentTestOutput.Sink, CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => outside);
        Assert.Contains("needs a running test", error.Message, StringComparison.Ordinal);
    }
}
