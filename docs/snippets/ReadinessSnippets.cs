using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/readiness.md.</summary>
internal static class ReadinessSnippets
{
    public static async Task StartThenUseAsync()
    {
        await using var redis = await new Command("redis-server", "--port", "6380", "--save", "").StartAsync();
        await redis.WaitForPortAsync(6380, TimeSpan.FromSeconds(30));
        // Ready: connect to 127.0.0.1:6380. Leaving the scope kills and reaps the server's tree.
    }

    public static async Task<int> LineWithRegexAsync(RunningProcess server)
    {
        var listening = new Regex(@"listening on port (\d+)");
        OutputLine line = await server.WaitForLineAsync(listening, TimeSpan.FromSeconds(30));
        int port = int.Parse(listening.Match(line.Text).Groups[1].Value, CultureInfo.InvariantCulture);
        return port;
    }

    public static async Task LineWithPredicateAsync(RunningProcess postgres)
    {
        var probe = ReadinessProbe.Line(
            text => text.Contains("ready to accept connections", StringComparison.Ordinal),
            "the 'ready to accept connections' log line",
            OutputSource.StandardError);
        await postgres.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(60));
    }

    public static async Task OtherProbesAsync(RunningProcess api, RunningProcess nginx, string pidFile, string socketPath)
    {
        // Any 2xx answer means ready.
        await api.WaitUntilReadyAsync(ReadinessProbe.Http(new Uri("http://127.0.0.1:5080/health")), TimeSpan.FromSeconds(30));

        // Any answer at all, even a 404 or a 500: the server is up.
        await api.WaitUntilReadyAsync(ReadinessProbe.Http(new Uri("http://127.0.0.1:5080/"), status => true), TimeSpan.FromSeconds(30));

        await nginx.WaitUntilReadyAsync(ReadinessProbe.FileExists(pidFile), TimeSpan.FromSeconds(10));
        await api.WaitUntilReadyAsync(ReadinessProbe.UnixSocket(socketPath), TimeSpan.FromSeconds(10));
    }

    public static async Task ConditionAsync(RunningProcess postgres)
    {
        var migrated = ReadinessProbe.Condition("the schema to be migrated", async cancellationToken =>
        {
            var result = await new Command("psql", "-tAc", "select count(*) from schema_version").OutputAsync(cancellationToken);
            return result.IsSuccess && result.StandardOutput.Trim() != "0";
        });
        await postgres.WaitUntilReadyAsync(migrated.WithPollInterval(TimeSpan.FromMilliseconds(250)), TimeSpan.FromMinutes(2));
    }

    public static async Task FailFastAsync(RunningProcess redis)
    {
        try
        {
            await redis.WaitForPortAsync(6380, TimeSpan.FromSeconds(30));
        }
        catch (ProcessExitedBeforeReadyException e)
        {
            // Thrown the moment redis exits, not after 30 s. The message says it all:
            //   redis-server --port 6380 --save '' exited with code 1 before it was ready
            //   (still waiting for TCP port 6380 on 127.0.0.1 to accept a connection (last check: connection refused)).
            //   Last output:
            //     # Warning: Could not create server TCP listening socket *:6380: bind: Address already in use
            Console.WriteLine($"{e.ExitCode} {e.Signal} {e.LastLines.Count} lines, {e.Awaited}");
            throw;
        }
    }

    public static async Task TimeoutAsync(RunningProcess server)
    {
        try
        {
            await server.WaitUntilReadyAsync(ReadinessProbe.TcpPort(8080), TimeSpan.FromSeconds(30));
        }
        catch (ReadinessTimeoutException e)
        {
            // The server still runs: look at it, then stop it (or let disposal do it).
            Console.WriteLine($"{e.Awaited} after {e.Timeout}; last lines: {string.Join(" | ", e.LastLines)}");
            await server.TerminateAsync(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    public static async Task CombinedAsync(RunningProcess server, string pidFile)
    {
        // Every one of these, in any order.
        var ready = ReadinessProbe.All(
            ReadinessProbe.Line(new Regex("migrations applied")),
            ReadinessProbe.TcpPort(8080),
            ReadinessProbe.FileExists(pidFile));
        await server.WaitUntilReadyAsync(ready, TimeSpan.FromSeconds(60));

        // Whichever comes first: the log line of a cold start, or the port of a warm one.
        var up = ReadinessProbe.Any(
            ReadinessProbe.Line(new Regex("started in \\d+ ms")),
            ReadinessProbe.TcpPort(8080));
        await server.WaitUntilReadyAsync(up, TimeSpan.FromSeconds(60));
    }

    public static async Task WithoutProcessAsync(CancellationToken cancellationToken)
    {
        // A database someone else started: only the timeout (or the token) ends the wait.
        await ReadinessProbe.TcpPort(5432, "db.test.internal")
            .WaitUntilReadyAsync(process: null, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);

        // A launcher that daemonizes exits at once by design: watch the daemon, not the launcher.
        await new Command("pg_ctl", "start", "-D", "/tmp/pgdata").RunAsync(cancellationToken);
        await ReadinessProbe.UnixSocket("/tmp/.s.PGSQL.5432")
            .WaitUntilReadyAsync(process: null, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
    }

    public static async Task ClockAsync(TimeProvider clock)
    {
        // The command's clock times the readiness waits of the process it starts.
        await using var server = await new Command("my-server").WithTimeProvider(clock).StartAsync();
        await server.WaitForPortAsync(8080, TimeSpan.FromSeconds(30));

        // Without a process, pass the clock yourself.
        await ReadinessProbe.FileExists("/tmp/ready").WaitUntilReadyAsync(null, TimeSpan.FromSeconds(30), clock);
    }
}

/// <summary>A probe of one's own: redis answers PING with +PONG.</summary>
public sealed class RedisPingProbe(int port) : ReadinessProbe
{
    public override string Description => $"redis on port {port} to answer PING";

    protected override async Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                var reply = new byte[7];
                var read = await stream.ReadAtLeastAsync(reply, 7, throwOnEndOfStream: false, cancellationToken);
                if (read == 7 && reply.AsSpan().SequenceEqual("+PONG\r\n"u8))
                {
                    return;
                }

                context.ReportCheck(this, "no PONG");
            }
            catch (SocketException e)
            {
                context.ReportCheck(this, e.SocketErrorCode.ToString());
            }

            await context.WaitForNextPollAsync(cancellationToken);
        }
    }
}
