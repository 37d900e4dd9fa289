using System.Text.RegularExpressions;
using Integration.XunitV3.Infrastructure;

namespace Integration.XunitV3.Adapter;

/// <summary>
/// The adapter inside a real xunit.v3 pipeline, seen from outside: the probe program's tests use
/// server fixtures as class, collection and assembly fixtures, and these tests read what xunit
/// reported for each of them.
/// </summary>
public sealed partial class XunitPipelineTests(ProbeRunFixture probes) : IClassFixture<ProbeRunFixture>
{
    [Fact]
    public void Each_test_gets_the_server_lines_of_its_own_run_and_no_fixture_lines()
    {
        var first = probes.Test("OutputProbes", "First_connection");
        var second = probes.Test("OutputProbes", "Second_connection");

        Assert.Equal("Pass", first.Result);
        Assert.Equal("Pass", second.Result);
        // Each probe waits for the server's line about its own connection; the line about the
        // other test's connection must not be in its output (the readiness probe's may be).
        Assert.True(HasConnectionLine(first.Output, first), first.Output);
        Assert.True(HasConnectionLine(second.Output, second), second.Output);
        Assert.False(HasConnectionLine(first.Output, second), first.Output);
        Assert.False(HasConnectionLine(second.Output, first), second.Output);
        Assert.DoesNotContain("(processkit)", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(processkit)", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_while_no_test_runs_are_diagnostic_messages()
    {
        Assert.Contains("[demo] listening on", probes.Console, StringComparison.Ordinal);
        Assert.Contains("[demo] (processkit)", probes.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_test_gets_the_server_log_tail_attached_and_a_passing_one_does_not()
    {
        var failed = probes.Test("FailureProbes", "Fails_after_using_the_server");
        var passed = probes.Test("FailureProbes", "Passes_after_using_the_server");

        Assert.Equal("Fail", failed.Result);
        var log = failed.Attachments["demo.log"];
        Assert.StartsWith("# demo ", log, StringComparison.Ordinal);
        Assert.Contains(" log lines, for the failed test ", log, StringComparison.Ordinal);
        Assert.Contains(" listening on", log, StringComparison.Ordinal);
        Assert.True(HasConnectionLine(log, failed), log);
        Assert.Equal("Pass", passed.Result);
        Assert.Empty(passed.Attachments);
    }

    [Theory]
    [InlineData("CrashProbes", "Reads_the_server")]
    [InlineData("CrashProbes", "Never_reads_the_server")]
    [InlineData("CrashInConstructorProbes", "Uses_the_server")]
    public void A_server_that_crashed_during_startup_fails_every_test_with_its_own_exception_and_log(string probeClass, string probe)
    {
        var test = probes.Test(probeClass, probe);

        Assert.Equal("Fail", test.Result);
        Assert.Equal("ProcessKit.Testing.ServerExitedDuringStartupException", test.ExceptionType);
        Assert.Contains("The crashing server exited with code 2 during startup", test.Message, StringComparison.Ordinal);
        Assert.Contains("usage: DemoServer", test.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MissingProgramProbes", "Reads_the_server")]
    [InlineData("MissingProgramProbes", "Never_reads_the_server")]
    [InlineData("MissingInConstructorProbes", "Uses_the_server")]
    public void A_missing_program_skips_every_test_naming_the_package(string probeClass, string probe)
    {
        var test = probes.Test(probeClass, probe);

        Assert.Equal("Skip", test.Result);
        Assert.Equal("/nonexistent/redis-server is not installed (needed by the redis server; apt-get install redis-server)", test.SkipReason);
    }

    [Fact]
    public void The_classes_of_a_collection_share_its_fixture()
    {
        var first = probes.Test("FirstCollectionProbes", "Connects");
        var second = probes.Test("SecondCollectionProbes", "Connects");

        Assert.Equal("Pass", first.Result);
        Assert.Equal("Pass", second.Result);
        Assert.Equal(Port(first), Port(second));
    }

    [Fact]
    public void Every_class_shares_the_assembly_fixture()
    {
        var first = probes.Test("FirstAssemblyProbes", "Connects");
        var second = probes.Test("SecondAssemblyProbes", "Connects");

        Assert.Equal("Pass", first.Result);
        Assert.Equal("Pass", second.Result);
        Assert.Equal(Port(first), Port(second));
        Assert.NotEqual(Port(first), Port(probes.Test("FirstCollectionProbes", "Connects")));
    }

    [Fact]
    public void Each_test_records_into_a_cassette_named_from_its_class_method_and_arguments()
    {
        var folder = Path.Combine(probes.CassetteDirectory, "CassetteProbes");

        Assert.Equal("Pass", probes.Test("CassetteProbes", "Records_a_passing_test").Result);
        Assert.True(File.Exists(Path.Combine(folder, "Records_a_passing_test.json")), "the passing test's cassette");
        Assert.True(File.Exists(Path.Combine(folder, "Records_each_row(plain, 3).json")), "the plain theory row's cassette");
        Assert.Matches(@"^Records_each_row\(a_b, 2\)~[0-9a-f]{8}\.json$", Path.GetFileName(Assert.Single(Directory.GetFiles(folder, "Records_each_row(a_b*.json"))));
        Assert.Contains("\"recorded", File.ReadAllText(Path.Combine(folder, "Records_a_passing_test.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_test_saves_no_cassette()
    {
        Assert.Equal("Fail", probes.Test("CassetteProbes", "Fails_after_recording").Result);
        Assert.False(File.Exists(Path.Combine(probes.CassetteDirectory, "CassetteProbes", "Fails_after_recording.json")));
    }

    [Fact]
    public void The_environment_variable_overrides_the_mode_the_attribute_gives()
    {
        Assert.Equal("Pass", probes.Test("CassetteProbes", "Records_because_the_variable_overrides_the_mode").Result);
        Assert.True(File.Exists(Path.Combine(probes.CassetteDirectory, "CassetteProbes", "Records_because_the_variable_overrides_the_mode.json")));
    }

    [Fact]
    public void The_cassette_is_the_ambient_runner_and_the_current_one_only_in_its_test()
    {
        Assert.Equal("Pass", probes.Test("CassetteProbes", "Goes_through_the_cassette_given_as_a_runner").Result);
        Assert.True(File.Exists(Path.Combine(probes.CassetteDirectory, "CassetteProbes", "Goes_through_the_cassette_given_as_a_runner.json")));
        Assert.Equal("Pass", probes.Test("CassetteProbes", "Has_no_cassette").Result);
    }

    [Fact]
    public void A_command_run_past_the_cassette_is_named_in_a_warning_and_the_cassette_still_records()
    {
        var test = probes.Test("CassetteProbes", "Runs_a_command_past_the_cassette");

        Assert.Equal("Pass", test.Result);
        var warning = Assert.Single(test.Output.Split('\n'), line => line.Contains("ran with the real runner, past the cassette", StringComparison.Ordinal));
        Assert.Contains("1 command(s)", warning, StringComparison.Ordinal);
        Assert.Contains(": echo past.", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("through", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded and replayed nothing", test.Output, StringComparison.Ordinal);
        Assert.Contains("\"through", File.ReadAllText(Path.Combine(probes.CassetteDirectory, "CassetteProbes", "Runs_a_command_past_the_cassette.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cassette_nothing_went_through_is_named_in_a_warning()
    {
        var test = probes.Test("CassetteProbes", "Runs_nothing_through_the_cassette");

        Assert.Equal("Pass", test.Result);
        Assert.Contains("[processkit] warning: the cassette ", test.Output, StringComparison.Ordinal);
        Assert.Contains("Runs_nothing_through_the_cassette.json recorded and replayed nothing", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[processkit] warning", probes.Test("CassetteProbes", "Records_a_passing_test").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strict_cassette_fails_the_test_that_ran_past_it()
    {
        var test = probes.Test("CassetteProbes", "Runs_a_command_past_a_strict_cassette");

        Assert.Equal("Fail", test.Result);
        Assert.Equal("ProcessKit.Testing.CassetteBypassedException", test.ExceptionType);
        Assert.Contains("echo 'past a strict cassette'", test.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_server_start_is_one_line_with_its_name_address_and_time_to_ready()
    {
        Assert.Matches(@"\[processkit\] demo ready on 127\.0\.0\.1:\d+ after \d+ ms", probes.Console);
        Assert.Contains("[processkit] the crashing server did not start; each test that uses it fails with ServerExitedDuringStartupException", probes.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_run_left_no_process_behind()
    {
        Assert.NotEmpty(probes.Tests);
        Assert.Empty(probes.Leftovers);
    }

    private static string Port(ProbeTest test) => ProbeLine().Match(test.Output).Groups["port"].Value;

    /// <summary>True when <paramref name="text"/> has the server's line about the connection <paramref name="probe"/> made ("... from 127.0.0.1:CLIENTPORT").</summary>
    private static bool HasConnectionLine(string text, ProbeTest probe)
    {
        var client = ProbeLine().Match(probe.Output).Groups["client"].Value;
        Assert.NotEmpty(client);
        return text.Split('\n').Any(line => line.TrimEnd('\r').EndsWith($" from 127.0.0.1:{client}", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"probe: port (?<port>\d+), client (?<client>\d+)")]
    private static partial Regex ProbeLine();
}
