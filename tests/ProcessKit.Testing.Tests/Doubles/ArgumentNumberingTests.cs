using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>
/// Every mismatch message counts arguments the same way, from 1 after the program: the first
/// argument (<c>Arguments[0]</c>) is "argument 1" in a scripted miss, a spy's failed assertion and
/// a cassette miss alike.
/// </summary>
public sealed class ArgumentNumberingTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_scripted_miss_calls_the_first_argument_argument_1()
    {
        var runner = new ScriptedRunner().On("git", "status").Always(ScriptedReply.Success());

        var miss = await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.OutputAsync(new Command("git", "log"), Token));

        Assert.Equal("#1 git status (always: exit 0): argument 1 is 'log', not 'status'", Assert.Single(miss.NearestRules));
    }

    [Fact]
    public async Task A_spys_failed_assertion_calls_the_first_argument_argument_1()
    {
        var spy = new RecordingRunner(new ScriptedRunner().On(CommandPattern.Any).Always(ScriptedReply.Success()));
        await spy.OutputAsync(new Command("git", "log"), Token);

        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("git", "status"));
        var regex = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan(CommandPattern.Matching("git", "st.*")));

        Assert.Contains("#1: argument 1 is 'log', not 'status'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#1: argument 1 'log' does not match /st.*/", regex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cassette_miss_calls_the_first_argument_argument_1()
    {
        await using (var recorder = _folder.Runner("numbering", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll }))
        {
            await recorder.OutputAsync(new Command("git", "status"), Token);
        }

        await using var player = _folder.Runner("numbering", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        var miss = await Assert.ThrowsAsync<CassetteMissException>(() => player.OutputAsync(new Command("git", "log", "-n", "3"), Token));

        Assert.Contains("  [0] git status\n      argument 1: 'log' here, 'status' recorded\n      argument 2: '-n' here, absent recorded\n      argument 3: '3' here, absent recorded\n", miss.Message, StringComparison.Ordinal);
    }
}
