using System.Text;

namespace ProcessKit.Cli.Tests.Unit;

public sealed class LeakReportTests
{
    [Theory]
    [InlineData(0.004, "4ms")]
    [InlineData(0.85, "850ms")]
    [InlineData(2, "2s")]
    [InlineData(3.27, "3.2s")]
    [InlineData(245, "4m05s")]
    [InlineData(7_380, "2h03m")]
    public void Ages_read_like_durations(double seconds, string expected) =>
        Assert.Equal(expected, LeakReport.FormatAge(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void An_unknown_age_is_a_question_mark() => Assert.Equal("?", LeakReport.FormatAge(null));

    [Fact]
    public void The_table_lists_pid_age_and_command_under_a_header()
    {
        var report = new LeakReport("dotnet", "exited with code 0", [new(42, TimeSpan.FromSeconds(3), "redis-server --port 6379"), new(1234, null, "[kworker]")]);
        var writer = new StringWriter { NewLine = "\n" };

        report.WriteTo(writer);

        Assert.Equal(
            """
            processkit: dotnet exited with code 0 and left 2 processes running in its group:
            processkit:    PID  AGE  COMMAND
            processkit:     42   3s  redis-server --port 6379
            processkit:   1234    ?  [kworker]

            """.ReplaceLineEndings("\n"),
            writer.ToString());
    }

    [Fact]
    public void No_leak_writes_nothing()
    {
        var writer = new StringWriter();

        new LeakReport("dotnet", "exited with code 0", []).WriteTo(writer);

        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void The_shutdown_line_says_how_the_processes_ended()
    {
        var writer = new StringWriter { NewLine = "\n" };

        LeakReport.WriteShutdown(writer, TimeSpan.FromSeconds(2), new ShutdownReport([1, 2], [], DrainedWithinGrace: false, Escalated: true, FoundByMarker: 0, TimeSpan.FromSeconds(2.04)));

        Assert.Equal("processkit: stopped 2 processes in 2s (SIGKILL after the 2s grace)\n", writer.ToString());
    }

    [Theory]
    [InlineData("sleep\0100\0", "sleep 100")]
    [InlineData("/usr/bin/my tool\0a b\0", "'/usr/bin/my tool' 'a b'")]
    [InlineData("", "[kthreadd]")]
    public void Command_lines_come_from_proc_cmdline(string cmdline, string expected) =>
        Assert.Equal(expected, LeakedProcess.FormatCommandLine(Encoding.UTF8.GetBytes(cmdline), "kthreadd"));

    [Fact]
    public void One_process_is_one_line_however_long_its_arguments()
    {
        var line = LeakedProcess.FormatCommandLine(Encoding.UTF8.GetBytes("/bin/sh\0-c\0echo a\necho b\u001b" + new string('x', 500) + "\0"), "sh");

        Assert.StartsWith(@"/bin/sh -c 'echo a\necho b\x1bxxx", line, StringComparison.Ordinal);
        Assert.EndsWith("...", line, StringComparison.Ordinal);
        Assert.Equal(LeakedProcess.MaxCommandLineLength, line.Length);
        Assert.DoesNotContain(line, char.IsControl);
    }

    [Fact]
    public void Secret_looking_arguments_are_redacted()
    {
        var line = LeakedProcess.FormatCommandLine(Encoding.UTF8.GetBytes("server\0--password\0hunter2\0"), "server");

        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.StartsWith("server --password ", line, StringComparison.Ordinal);
    }
}
