using Integration.NUnit.Infrastructure;
using Integration.NUnit.Scenarios;
using NUnit.Framework.Interfaces;

namespace Integration.NUnit.Adapter;

/// <summary>[Cassette] on real nested runs (alone, as for <see cref="AdapterBehaviourTests"/>): one cassette per test case, named from the test, beside its source; none saved for a failed test.</summary>
[NonParallelizable]
public sealed class CassetteTests
{
    private string? _cassetteFolder;

    [TearDown]
    public void RemoveRecordedCassettes()
    {
        if (_cassetteFolder is not null && Directory.Exists(_cassetteFolder))
        {
            Directory.Delete(_cassetteFolder, recursive: true);
        }
    }

    [Test]
    public async Task Each_test_case_records_its_own_cassette_beside_the_source_and_replays_it()
    {
        var first = await ScenarioRun.RunAsync<CassetteScenarios>();
        var plain = CassettePath(first.Test("Records_echo(1,\"a b\")"));
        var slashed = CassettePath(first.Test("Records_echo(2,\"c/d\")"));
        _cassetteFolder = Path.GetDirectoryName(plain);

        Assert.Multiple(() =>
        {
            Assert.That(plain, Does.EndWith("/Scenarios/Cassettes/CassetteScenarios/Records_echo(1, a b).json"));
            Assert.That(Path.GetFileName(slashed), Does.Match(@"^Records_echo\(2, c_d\)~[0-9a-f]{8}\.json$"), "an unsafe character is replaced and the name made unique");
            Assert.That(File.Exists(plain), Is.True);
            Assert.That(File.Exists(slashed), Is.True);
            Assert.That(first.Test("Records_echo(1,\"a b\")").Output, Does.Contain("recorded=1 replayed=0"));
            Assert.That(first.Test("Records_echo(1,\"a b\")").Output.Split('\n').Count(line => line == "$ echo '1 a b'"), Is.EqualTo(1), "a recorded command is written once");
        });

        var second = await ScenarioRun.RunAsync<CassetteScenarios>();

        var replayed = second.Test("Records_echo(1,\"a b\")").Output;
        Assert.That(replayed, Does.Contain("recorded=0 replayed=1"));
        Assert.That(replayed, Does.Contain("$ echo '1 a b'").And.Contain("  1 a b"), "a replayed command is written to the test's output like a real one");
    }

    [Test]
    public async Task A_failed_test_saves_no_cassette()
    {
        var run = await ScenarioRun.RunAsync<CassetteScenarios>();
        var failed = run.Test("Fails_after_recording");
        var path = CassettePath(failed);
        _cassetteFolder = Path.GetDirectoryName(path);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ResultState.Status, Is.EqualTo(TestStatus.Failed));
            Assert.That(failed.Output, Does.Contain("recorded=1"), "the command was recorded during the test");
            Assert.That(File.Exists(path), Is.False, "but not saved, because the test failed");
        });
    }

    [Test]
    public async Task The_attribute_mode_applies_and_a_miss_names_the_tests_cassette()
    {
        var run = await ScenarioRun.RunAsync<CassetteScenarios>();
        var missed = run.Test("Replays_only");
        _cassetteFolder = Path.GetDirectoryName(CassettePath(run.Test("Records_echo(1,\"a b\")")));

        Assert.That(missed.ResultState.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(missed.Message, Does.StartWith("ProcessKit.Testing.CassetteMissException"));
        Assert.That(missed.Message, Does.Contain("CassetteScenarios/Replays_only.json"));
    }

    [Test]
    public async Task A_command_run_past_the_cassette_or_a_cassette_nothing_went_through_is_named_in_a_warning()
    {
        var run = await ScenarioRun.RunAsync<BypassScenarios>();
        var past = run.Test("Runs_a_command_past_the_cassette");
        var nothing = run.Test("Runs_nothing");

        Assert.Multiple(() =>
        {
            Assert.That(past.ResultState, Is.EqualTo(ResultState.Success));
            Assert.That(past.Output, Does.Contain("[processkit] warning: 1 command(s) ran with the real runner, past the cassette ").And.Contain(": echo past."));
            Assert.That(nothing.ResultState, Is.EqualTo(ResultState.Success));
            Assert.That(nothing.Output, Does.Contain("BypassScenarios/Runs_nothing.json recorded and replayed nothing"));
        });
    }

    [Test]
    public async Task A_strict_cassette_fails_the_test_that_ran_past_it()
    {
        var run = await ScenarioRun.RunAsync<BypassScenarios>();
        var strict = run.Test("Runs_a_command_past_a_strict_cassette");

        Assert.That(strict.ResultState.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(strict.Message, Does.Contain("ProcessKit.Testing.CassetteBypassedException").And.Contain("echo 'past a strict cassette'"));
    }

    private static string CassettePath(ITestResult result)
    {
        var line = result.Output.Split('\n').SingleOrDefault(l => l.StartsWith("cassette=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{result.Name} reported no cassette: {result.Message}");
        return line["cassette=".Length..line.IndexOf(" recorded=", StringComparison.Ordinal)];
    }
}
