using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Scenarios;

/// <summary>Each test records its own cassette (named from the class, method and arguments); a failed test saves none.</summary>
[Cassette(Directory = "Cassettes")]
public sealed class CassetteScenarios
{
    [TestCase(1, "a b")]
    [TestCase(2, "c/d")]
    public async Task Records_echo(int number, string text)
    {
        var output = await new Command("echo", $"{number} {text}").RunAsync();
        Assert.That(output, Is.EqualTo($"{number} {text}"));
        Report();
    }

    [Test]
    public async Task Fails_after_recording()
    {
        await new Command("echo", "recorded, then failed").RunAsync();
        Report();
        Assert.Fail("failing on purpose");
    }

    [Test]
    [Cassette(Mode = CassetteMode.ReplayOnly)]
    public async Task Replays_only() => await new Command("echo", "never recorded").RunAsync();

    private static void Report() =>
        TestContext.Out.WriteLine($"cassette={TestCassette.Current.CassettePath} recorded={TestCassette.Current.RecordedCount} replayed={TestCassette.Current.ReplayedCount}");
}

/// <summary>Tests that get past their cassette: commands run with the real runner, or nothing run at all; none records, so no cassette is written.</summary>
[Cassette]
public sealed class BypassScenarios
{
    /// <summary>Code that took the real runner (as AddProcessKit() registers it) runs past the cassette.</summary>
    [Test]
    public async Task Runs_a_command_past_the_cassette() =>
        Assert.That(await ProcessRunner.Default.RunAsync(new Command("echo", "past")), Is.EqualTo("past"));

    [Test]
    public void Runs_nothing()
    {
    }

    [Test]
    [Cassette(Strict = true)]
    public async Task Runs_a_command_past_a_strict_cassette() =>
        await ProcessRunner.Default.RunAsync(new Command("echo", "past a strict cassette"));
}
