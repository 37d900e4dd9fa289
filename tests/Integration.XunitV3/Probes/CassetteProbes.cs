using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;
using Xunit.v3;

namespace Integration.XunitV3.Probes;

/// <summary>Puts the cassettes in the folder the parent run names, instead of beside this source file.</summary>
public sealed class ProbeCassetteAttribute : CassetteAttribute
{
    protected override string GetCassetteDirectory(IXunitTest test) =>
        Environment.GetEnvironmentVariable("PROCESSKIT_PROBE_CASSETTES") ?? throw new InvalidOperationException("PROCESSKIT_PROBE_CASSETTES is not set: run the probes from Integration.XunitV3.");
}

/// <summary>Each test records into a cassette of its own; a failed one saves nothing.</summary>
public sealed class CassetteProbes
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact, ProbeCassette]
    public async Task Records_a_passing_test()
    {
        Assert.Equal("recorded", await new Command("echo", "recorded").RunAsync(Token));
        TestContext.Current.TestOutputHelper!.WriteLine($"cassette: {TestCassette.Current.CassettePath}");
    }

    [Theory, ProbeCassette]
    [InlineData("a/b", 2)]
    [InlineData("plain", 3)]
    public async Task Records_each_row(string text, int number)
    {
        Assert.Equal($"{text} {number}", await new Command("echo", text, number.ToString(System.Globalization.CultureInfo.InvariantCulture)).RunAsync(Token));
    }

    [Fact, ProbeCassette]
    public async Task Fails_after_recording()
    {
        await new Command("echo", "half a run").RunAsync(Token);
        Assert.Fail("the probe fails on purpose");
    }

    [Fact, ProbeCassette]
    public async Task Goes_through_the_cassette_given_as_a_runner()
    {
        var runner = TestCassette.Current;
        Assert.Same(runner, ProcessRunner.Current);
        Assert.Equal("explicit", await new Command("echo", "explicit").WithRunner(runner).RunAsync(Token));
    }

    [Fact, ProbeCassette(Mode = CassetteMode.ReplayOnly)]
    public async Task Records_because_the_variable_overrides_the_mode()
    {
        Assert.Equal(CassetteMode.NewEpisodes, TestCassette.Current.Mode);
        Assert.Equal("overridden", await new Command("echo", "overridden").RunAsync(Token));
    }

    [Fact]
    public void Has_no_cassette() => Assert.Throws<InvalidOperationException>(() => TestCassette.Current);

    /// <summary>Code that took the real runner (as AddProcessKit() registers it) runs past the cassette.</summary>
    [Fact, ProbeCassette]
    public async Task Runs_a_command_past_the_cassette()
    {
        Assert.Equal("through", await new Command("echo", "through").RunAsync(Token));
        Assert.Equal("past", await ProcessRunner.Default.RunAsync(new Command("echo", "past"), Token));
    }

    [Fact, ProbeCassette]
    public void Runs_nothing_through_the_cassette()
    {
    }

    [Fact, ProbeCassette(Strict = true)]
    public async Task Runs_a_command_past_a_strict_cassette() =>
        await ProcessRunner.Default.RunAsync(new Command("echo", "past a strict cassette"), Token);
}
