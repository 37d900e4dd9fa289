using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>The server log: a bounded ring buffer, an optional file, live sinks and a logger.</summary>
public sealed class ServerLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pk-log-test-").FullName;

    [Fact]
    public void The_ring_buffer_keeps_the_newest_lines_and_counts_the_rest()
    {
        using var log = new ServerLog("srv", capacity: 3, logger: null, sinks: []);

        for (var i = 1; i <= 5; i++)
        {
            log.Add(Line($"line {i}"));
        }

        Assert.Equal(["line 3", "line 4", "line 5"], log.Lines.Select(line => line.Text));
        Assert.Equal(["line 4", "line 5"], log.Tail(2).Select(line => line.Text));
        Assert.Equal(5, log.TotalLines);
        Assert.Equal(2, log.DroppedLines);
    }

    [Fact]
    public void Sinks_receive_formatted_lines_and_notes_until_removed()
    {
        List<string> seen = [];
        List<string> fromBuilder = [];
        using var log = new ServerLog("srv", 10, logger: null, sinks: [fromBuilder.Add]);
        var subscription = log.AddSink(seen.Add);

        log.Add(Line("out"));
        log.Add(Line("err", OutputSource.StandardError));
        log.Note("ready");
        subscription.Dispose();
        log.Add(Line("later"));

        Assert.Equal(["[srv] out", "[srv stderr] err", "[srv] (processkit) ready"], seen);
        Assert.Equal(4, fromBuilder.Count);
        Assert.Equal(3, log.Lines.Count);
    }

    [Fact]
    public void A_sink_that_throws_is_removed_and_counted_and_the_others_go_on()
    {
        List<string> seen = [];
        using var log = new ServerLog("srv", 10, logger: null, sinks: []);
        log.AddSink(_ => throw new InvalidOperationException("the test has ended"));
        log.AddSink(seen.Add);

        log.Add(Line("one"));
        log.Add(Line("two"));

        Assert.Equal(1, log.SinkFailures);
        Assert.Equal(["[srv] one", "[srv] two"], seen);
    }

    [Fact]
    public void Every_line_goes_to_the_file_even_beyond_the_ring_buffer()
    {
        var file = Path.Combine(_directory, "logs", "server.log");
        using (var log = new ServerLog("srv", 1, logger: null, sinks: []))
        {
            log.UseFile(file);
            log.Add(Line("first"));
            log.Add(Line("second", OutputSource.StandardError));
            Assert.Equal(file, log.FilePath);
        }

        Assert.Equal(["first", "[stderr] second"], File.ReadAllLines(file));
    }

    [Fact]
    public void A_logger_receives_lines_and_warnings()
    {
        var logger = new ListLogger();
        using var log = new ServerLog("srv", 10, logger, sinks: []);

        log.Add(Line("hello"));
        log.Warn("port in use");

        Assert.Equal([(LogLevel.Information, "srv stdout: hello"), (LogLevel.Warning, "srv: port in use")], logger.Entries);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static OutputLine Line(string text, OutputSource source = OutputSource.StandardOutput) => new(source, text, DateTimeOffset.UnixEpoch);

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
