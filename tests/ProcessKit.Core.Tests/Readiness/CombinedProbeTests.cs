using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>All and Any: every member, or the first; a timeout names only what is still pending.</summary>
public sealed class CombinedProbeTests : ReadinessTest
{
    [LinuxFact]
    public async Task All_waits_for_every_member()
    {
        var file = TempPath("ready.pid");
        await using var process = await Helper("listen", "0", "read-line", "write-pid", file, "hang").KeepStandardInputOpen().StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "listening on");
        var probe = ReadinessProbe.All(ReadinessProbe.Line(new Regex("^listening on")), ReadinessProbe.TcpPort(port), ReadinessProbe.FileExists(file));

        var waiting = process.WaitUntilReadyAsync(probe, Patience, Token);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
    }

    [LinuxFact]
    public async Task All_on_timeout_names_only_the_members_still_pending()
    {
        var clock = new FakeTimeProvider();
        var missing = TempPath("missing");
        await using var process = await Helper("out", "listening", "hang").WithTimeProvider(clock).StartAsync(Token);
        await process.WaitForLineAsync(new Regex("^listening$"), Patience, cancellationToken: Token);
        var probe = ReadinessProbe.All(ReadinessProbe.Line(new Regex("^listening$")), ReadinessProbe.FileExists(missing));
        var waiting = process.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(10), Token);

        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Equal($"the file {missing} to exist", error.Awaited);
        Assert.Equal($"all of (a line matching /^listening$/ on standard output or standard error; the file {missing} to exist)", probe.Description);
    }

    [LinuxFact]
    public async Task All_with_several_pending_lists_each()
    {
        var clock = new FakeTimeProvider();
        await using var process = await Helper("hang").WithTimeProvider(clock).StartAsync(Token);
        var probe = ReadinessProbe.All(ReadinessProbe.Line(new Regex("a")), ReadinessProbe.Line(new Regex("b"), OutputSource.StandardError));
        var waiting = process.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(10), Token);

        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Equal("all of (a line matching /a/ on standard output or standard error; a line matching /b/ on standard error)", error.Awaited);
    }

    [LinuxFact]
    public async Task Any_is_ready_with_the_first_member_and_stops_the_others()
    {
        await using var process = await Helper("out", "up", "hang").StartAsync(Token);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = ReadinessProbe.Condition("something that never happens", async cancellationToken =>
        {
            using var registration = cancellationToken.Register(() => stopped.TrySetResult());
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return false;
        });

        await process.WaitUntilReadyAsync(ReadinessProbe.Any(never, ReadinessProbe.Line(new Regex("^up$"))), Patience, Token);

        await stopped.Task.WaitAsync(Patience, Token);
    }

    [LinuxFact]
    public async Task Any_on_timeout_names_every_member()
    {
        var clock = new FakeTimeProvider();
        await using var process = await Helper("hang").WithTimeProvider(clock).StartAsync(Token);
        var missing = TempPath("missing");
        var probe = ReadinessProbe.Any(ReadinessProbe.FileExists(missing), ReadinessProbe.Line(new Regex("up")));
        var waiting = process.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(10), Token);

        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Equal($"any of (the file {missing} to exist; a line matching /up/ on standard output or standard error)", error.Awaited);
    }

    [Fact]
    public async Task A_member_that_fails_is_the_error_of_the_combination()
    {
        var broken = ReadinessProbe.Condition("a broken check", _ => throw new InvalidDataException("check bug"));
        var never = ReadinessProbe.FileExists(Path.Combine(Path.GetTempPath(), "processkit-" + Guid.NewGuid().ToString("N")));

        var fromAny = await Assert.ThrowsAsync<InvalidDataException>(() => ReadinessProbe.Any(never, broken).WaitUntilReadyAsync(null, Patience, cancellationToken: Token));
        var fromAll = await Assert.ThrowsAsync<InvalidDataException>(() => ReadinessProbe.All(never, broken).WaitUntilReadyAsync(null, Patience, cancellationToken: Token));

        Assert.Equal("check bug", fromAny.Message);
        Assert.Equal("check bug", fromAll.Message);
    }

    [LinuxFact]
    public async Task A_combination_fails_fast_when_the_process_exits()
    {
        await using var process = await Helper("out", "starting", "exit", "4").StartAsync(Token);
        var probe = ReadinessProbe.All(ReadinessProbe.Line(new Regex("starting")), ReadinessProbe.Any(ReadinessProbe.FileExists(TempPath("a")), ReadinessProbe.FileExists(TempPath("b"))));

        var error = await Assert.ThrowsAsync<ProcessExitedBeforeReadyException>(() => process.WaitUntilReadyAsync(probe, Timeout.InfiniteTimeSpan, Token));

        Assert.Equal(4, error.ExitCode);
        Assert.Equal($"any of (the file {TempPath("a")} to exist; the file {TempPath("b")} to exist)", error.Awaited);
    }
}
