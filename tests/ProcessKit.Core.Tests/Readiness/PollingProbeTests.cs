using System.Net;
using System.Net.Sockets;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>
/// Port, HTTP, file, unix socket and condition probes against a real TestHelper. Each helper waits
/// on its stdin before it becomes ready, so every test sees the probe pending first and ready only
/// after the test lets the helper go on.
/// </summary>
public sealed class PollingProbeTests : ReadinessTest
{
    [LinuxFact]
    public async Task A_port_probe_is_ready_once_the_port_accepts_connections()
    {
        await using var process = await Helper("reserve-port", "read-line", "listen-reserved", "hang").KeepStandardInputOpen().StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "reserved");

        var waiting = process.WaitForPortAsync(port, Patience, Token);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
        StillRunning(process);
    }

    [Fact]
    public async Task A_port_probe_waits_without_a_process_for_a_server_already_running()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await ReadinessProbe.TcpPort(port).WaitUntilReadyAsync(null, Patience, cancellationToken: Token);
    }

    [LinuxFact]
    public async Task An_http_probe_polls_until_its_status_predicate_accepts_the_answer()
    {
        await using var process = await Helper("http", "0", "503", "read-line", "http-status", "200", "hang").KeepStandardInputOpen().StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "http on");
        var statuses = new List<HttpStatusCode>();
        var sawUnavailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = ReadinessProbe.Http(new Uri($"http://127.0.0.1:{port}/health"), status =>
        {
            lock (statuses)
            {
                statuses.Add(status);
            }

            if (status == HttpStatusCode.ServiceUnavailable)
            {
                sawUnavailable.TrySetResult();
            }

            return status == HttpStatusCode.OK;
        });

        var waiting = process.WaitUntilReadyAsync(probe, Patience, Token);
        await sawUnavailable.Task.WaitAsync(Patience, Token);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
        lock (statuses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, statuses[0]);
            Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        }
    }

    [LinuxFact]
    public async Task An_http_probe_by_default_wants_a_2xx_and_takes_a_client_of_your_own()
    {
        await using var process = await Helper("http", "0", "204", "hang").StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "http on");
        using var client = new HttpClient();

        await process.WaitUntilReadyAsync(ReadinessProbe.Http(new Uri($"http://127.0.0.1:{port}/")), Patience, Token);
        await process.WaitUntilReadyAsync(ReadinessProbe.Http(new Uri($"http://localhost:{port}/"), client: client), Patience, Token);
    }

    [LinuxFact]
    public async Task An_http_probe_that_keeps_getting_503_times_out_saying_what_it_last_got()
    {
        var clock = new TimerWatchingClock();
        await using var process = await Helper("http", "0", "503", "hang").StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "http on");
        var waiting = ReadinessProbe.Http(new Uri($"http://127.0.0.1:{port}/")).WaitUntilReadyAsync(process, TimeSpan.FromSeconds(10), clock, Token);

        // The deadline is one timer; the pause after the first check is the second.
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers >= 2, "the probe's first check", waiting);
        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Contains("answered 503 ServiceUnavailable", error.Awaited, StringComparison.Ordinal);
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_port_probe_that_is_refused_times_out_saying_so()
    {
        var clock = new TimerWatchingClock();
        await using var process = await Helper("reserve-port", "hang").StartAsync(Token);
        var port = await AnnouncedNumberAsync(process, "reserved");
        var waiting = ReadinessProbe.TcpPort(port).WaitUntilReadyAsync(process, TimeSpan.FromSeconds(10), clock, Token);

        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers >= 2, "the probe's first check", waiting);
        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ReadinessTimeoutException>(() => waiting);
        Assert.Equal($"TCP port {port} on 127.0.0.1 to accept a connection (last check: connection refused)", error.Awaited);
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_file_probe_is_ready_once_the_file_exists()
    {
        var file = TempPath("server.pid");
        await using var process = await Helper("read-line", "write-pid", file, "hang").KeepStandardInputOpen().StartAsync(Token);

        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.FileExists(file), Patience, Token);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
        Assert.True(File.Exists(file));
    }

    [LinuxFact]
    public async Task A_unix_socket_probe_is_ready_once_the_socket_accepts_connections()
    {
        var socket = TempPath("server.sock");
        await using var process = await Helper("read-line", "unix-listen", socket, "hang").KeepStandardInputOpen().StartAsync(Token);

        var waiting = process.WaitUntilReadyAsync(ReadinessProbe.UnixSocket(socket), Patience, Token);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
        StillRunning(process);
    }

    [LinuxFact]
    public async Task A_condition_probe_is_checked_until_it_holds()
    {
        var file = TempPath("state");
        await using var process = await Helper("read-line", "write-pid", file, "hang").KeepStandardInputOpen().StartAsync(Token);
        var checks = 0;
        var probe = ReadinessProbe.Condition("the helper to record its pid", async cancellationToken =>
        {
            Interlocked.Increment(ref checks);
            return File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() == process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        var waiting = process.WaitUntilReadyAsync(probe, Patience, Token);
        await ProcessAssert.WaitUntilAsync(() => Volatile.Read(ref checks) >= 2, "a second check of the condition", waiting);
        Assert.False(waiting.IsCompleted);
        await ProceedAsync(process);

        await waiting;
    }

    [Fact]
    public async Task A_condition_that_throws_ends_the_wait_with_its_exception()
    {
        var probe = ReadinessProbe.Condition("a broken check", _ => throw new InvalidDataException("check bug"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token));

        Assert.Equal("check bug", error.Message);
    }

    [Fact]
    public async Task WithPollInterval_sets_the_interval_every_polling_probe_inside_sees()
    {
        var intervals = new List<TimeSpan>();
        var probe = new IntervalRecordingProbe(intervals);

        await ReadinessProbe.All(probe, probe.WithPollInterval(TimeSpan.FromSeconds(3)))
            .WithPollInterval(TimeSpan.FromSeconds(2))
            .WaitUntilReadyAsync(null, Patience, cancellationToken: Token);
        await probe.WaitUntilReadyAsync(null, Patience, cancellationToken: Token);

        Assert.Equal([ReadinessContext.DefaultPollInterval, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], intervals.Order());
    }

    /// <summary>A probe of one's own: ready at once, it notes the poll interval its wait would use.</summary>
    private sealed class IntervalRecordingProbe(List<TimeSpan> intervals) : ReadinessProbe
    {
        public override string Description => "the interval to be noted";

        protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            lock (intervals)
            {
                intervals.Add(context.PollInterval);
            }

            return Task.CompletedTask;
        }
    }
}
