using System.Text.RegularExpressions;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>Bad input is refused up front with a typed error, descriptions read well, and the exceptions can be built by anyone.</summary>
public sealed class ReadinessValidationTests
{
    private static readonly ReadinessProbe AnyFile = ReadinessProbe.FileExists("/tmp/processkit-readiness-validation");

    public static TheoryData<TimeSpan> BadTimeouts => [TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.FromSeconds(-5), TimeSpan.FromDays(50)];

    [Theory]
    [MemberData(nameof(BadTimeouts))]
    public void A_timeout_that_is_not_positive_or_infinite_is_refused_before_waiting(TimeSpan timeout)
    {
        // Thrown by the call itself, not by the task it would return.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = AnyFile.WaitUntilReadyAsync(null, timeout, cancellationToken: TestContext.Current.CancellationToken); });

        Assert.Equal("timeout", error.ParamName);
        Assert.Contains("Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_1_to_65535_is_refused(int port)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadinessProbe.TcpPort(port));
    }

    [Fact]
    public void A_blank_host_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ReadinessProbe.TcpPort(80, " "));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("ftp://localhost/")]
    [InlineData("file:///tmp/x")]
    public void An_http_probe_needs_an_absolute_http_url(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => ReadinessProbe.Http(new Uri(url, UriKind.RelativeOrAbsolute)));

        Assert.Equal("url", error.ParamName);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_probes_refuse_missing_patterns_blank_descriptions_and_unknown_streams()
    {
        Assert.Throws<ArgumentNullException>(() => ReadinessProbe.Line((Regex)null!));
        Assert.Throws<ArgumentNullException>(() => ReadinessProbe.Line(null!, "x"));
        Assert.Throws<ArgumentException>(() => ReadinessProbe.Line(_ => true, ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadinessProbe.Line(new Regex("x"), (OutputSource)7));
    }

    [Fact]
    public void Paths_must_be_given_and_fit_a_socket_address()
    {
        Assert.Throws<ArgumentException>(() => ReadinessProbe.FileExists(""));
        Assert.Throws<ArgumentException>(() => ReadinessProbe.UnixSocket(" "));
        var error = Assert.Throws<ArgumentException>(() => ReadinessProbe.UnixSocket("/tmp/" + new string('s', 200)));
        Assert.Contains("too long for a unix socket address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_needs_a_description_and_a_check()
    {
        Assert.Throws<ArgumentException>(() => ReadinessProbe.Condition(" ", _ => Task.FromResult(true)));
        Assert.Throws<ArgumentNullException>(() => ReadinessProbe.Condition("x", null!));
    }

    [Fact]
    public void Combining_needs_at_least_one_probe_and_no_nulls()
    {
        Assert.Throws<ArgumentException>(() => ReadinessProbe.All());
        Assert.Throws<ArgumentException>(() => ReadinessProbe.Any([]));
        Assert.Throws<ArgumentNullException>(() => ReadinessProbe.All((IEnumerable<ReadinessProbe>)null!));
        var error = Assert.Throws<ArgumentNullException>(() => ReadinessProbe.Any(AnyFile, null!));
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poll_interval_must_be_positive_and_finite()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AnyFile.WithPollInterval(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnyFile.WithPollInterval(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Descriptions_say_what_is_awaited()
    {
        Assert.Equal("a line matching /^ready$/ on standard output", ReadinessProbe.Line(new Regex("^ready$"), OutputSource.StandardOutput).Description);
        Assert.Equal("TCP port 5432 on 127.0.0.1 to accept a connection", ReadinessProbe.TcpPort(5432).Description);
        Assert.Equal("GET http://localhost:8080/health to answer a 2xx status", ReadinessProbe.Http(new Uri("http://localhost:8080/health")).ToString());
        Assert.Equal("the unix socket /run/app.sock to accept a connection", ReadinessProbe.UnixSocket("/run/app.sock").Description);
        Assert.Equal("the schema", ReadinessProbe.Condition("the schema", _ => Task.FromResult(true)).WithPollInterval(TimeSpan.FromSeconds(1)).Description);
    }

    [Fact]
    public void A_password_in_an_http_url_never_reaches_the_description()
    {
        var probe = ReadinessProbe.Http(new Uri("https://admin:hunter2@example.test/ready"), status => (int)status < 500);

        Assert.Equal("GET https://example.test/ready to answer a ready status", probe.Description);
    }

    [Fact]
    public void A_relative_file_path_is_made_absolute_when_the_probe_is_made()
    {
        Assert.Equal($"the file {Path.GetFullPath("server.pid")} to exist", ReadinessProbe.FileExists("server.pid").Description);
    }

    [Fact]
    public void The_exceptions_can_be_built_from_a_result_and_lines()
    {
        var result = new ProcessResult
        {
            Program = "redis-server",
            Arguments = ["--port", "6380"],
            ExitCode = 1,
            StandardOutput = "",
            StandardError = "Address already in use",
        };
        OutputLine[] lines = [new(OutputSource.StandardError, "Address already in use", DateTimeOffset.UnixEpoch)];

        var exited = new ProcessExitedBeforeReadyException("TCP port 6380", result, lines);
        var timedOut = new ReadinessTimeoutException("TCP port 6380", TimeSpan.FromMilliseconds(250), lines);

        Assert.Equal(
            "redis-server --port 6380 exited with code 1 before it was ready (still waiting for TCP port 6380)."
            + Environment.NewLine + "Last output:" + Environment.NewLine + "  [stderr] Address already in use",
            exited.Message);
        Assert.Equal(1, exited.ExitCode);
        Assert.Equal("redis-server", exited.Program);
        Assert.StartsWith("Not ready within 250 ms: still waiting for TCP port 6380.", timedOut.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new ProcessExitedBeforeReadyException("x", null!, lines));
    }
}
