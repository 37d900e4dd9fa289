namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>
/// The one text of a server's log lines: what startup errors show, and what every adapter's log
/// tail (an error message, an attachment, an attached file) is made of.
/// </summary>
public sealed class ServerLogFormatTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 5, 42, TimeSpan.Zero);

    [Fact]
    public void Lines_are_one_per_line_with_standard_error_marked_and_nothing_after_the_last()
    {
        var text = ServerLog.Format([Out("loading config"), Error("bad setting"), Out("exiting")]);

        Assert.Equal("loading config\n[stderr] bad setting\nexiting", text);
    }

    [Fact]
    public void An_indent_goes_before_every_line()
    {
        var text = ServerLog.Format([Out("first"), Error("second")], indent: "  ");

        Assert.Equal("  first\n  [stderr] second", text);
    }

    [Fact]
    public void Timestamps_give_each_line_the_time_it_was_read_after_the_indent()
    {
        var text = ServerLog.Format([Out("ready", Noon), Error("slow query", Noon.AddMilliseconds(1_250))], indent: "> ", timestamps: true);

        Assert.Equal("> 12:00:05.042 ready\n> 12:00:06.292 [stderr] slow query", text);
    }

    [Fact]
    public void Empty_lines_are_kept_even_the_last()
    {
        Assert.Equal("banner\n\nready\n", ServerLog.Format([Out("banner"), Out(""), Out("ready"), Out("")]));
    }

    [Fact]
    public void No_lines_are_an_empty_text()
    {
        Assert.Equal("", ServerLog.Format([]));
        Assert.Empty(ServerLog.FormatLines([]));
    }

    [Fact]
    public void Formatted_lines_are_the_lines_of_the_text()
    {
        OutputLine[] lines = [Out("ready", Noon), Error("warning", Noon)];

        Assert.Equal(["12:00:05.042 ready", "12:00:05.042 [stderr] warning"], ServerLog.FormatLines(lines, timestamps: true));
        Assert.Equal(ServerLog.Format(lines, timestamps: true), string.Join('\n', ServerLog.FormatLines(lines, timestamps: true)));
    }

    private static OutputLine Out(string text, DateTimeOffset? at = null) => new(OutputSource.StandardOutput, text, at ?? Noon);

    private static OutputLine Error(string text, DateTimeOffset? at = null) => new(OutputSource.StandardError, text, at ?? Noon);
}
