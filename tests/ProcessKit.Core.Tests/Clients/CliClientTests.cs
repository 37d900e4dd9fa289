using System.Text;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Clients;

/// <summary>A program bound to defaults: each call passes only its arguments, and what a call sets wins.</summary>
public sealed class CliClientTests : SpawningTest
{
    [Fact]
    public async Task A_call_carries_every_default_and_only_adds_its_arguments()
    {
        var runner = new FakeRunner();
        var directory = Path.GetFullPath("repo");
        var git = new CliClient("git")
            .WithLeadingArguments("--no-pager")
            .WithWorkingDirectory(directory)
            .WithEnvironment("GIT_AUTHOR_NAME", "Ada")
            .WithTimeout(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2))
            .WithSuccessExitCodes(0, 1)
            .WithEncoding(Encoding.Latin1)
            .WithRunner(runner);

        await git.RunAsync("log", "-1");

        var command = Assert.Single(runner.Commands);
        Assert.Equal("git", command.Program);
        Assert.Equal(["--no-pager", "log", "-1"], command.Arguments);
        Assert.Equal(directory, command.WorkingDirectory);
        Assert.Equal("Ada", command.Environment.Resolve()["GIT_AUTHOR_NAME"]);
        Assert.Equal(TimeSpan.FromSeconds(30), command.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), command.TimeoutGrace);
        Assert.Equal([0, 1], command.SuccessExitCodes);
        Assert.Equal(Encoding.Latin1.WebName, command.Encoding.WebName);
    }

    [Fact]
    public async Task A_setting_made_for_one_call_wins_over_the_default()
    {
        var runner = new FakeRunner();
        var client = new CliClient("tool").WithTimeout(TimeSpan.FromSeconds(30)).WithEnvironment("MODE", "default").WithRunner(runner);

        await client.OutputAsync(["a"], c => c.WithTimeout(TimeSpan.FromSeconds(1)).WithEnvironment("MODE", "call"), Token);
        await client.Command("b").WithoutEnvironment("MODE").WithTimeout(Timeout.InfiniteTimeSpan).OutputAsync(Token);
        await client.OutputAsync(["c"], Token);

        var (a, b, c) = (runner.Commands[0], runner.Commands[1], runner.Commands[2]);
        Assert.Equal(TimeSpan.FromSeconds(1), a.Timeout);
        Assert.Equal("call", a.Environment.Resolve()["MODE"]);
        Assert.Null(b.Timeout);
        Assert.False(b.Environment.Resolve().ContainsKey("MODE"));
        Assert.Equal(TimeSpan.FromSeconds(30), c.Timeout);
        Assert.Equal("default", c.Environment.Resolve()["MODE"]);
    }

    [Fact]
    public async Task Every_verb_and_every_form_goes_through_the_clients_runner()
    {
        var runner = new FakeRunner(command => FakeRunner.Result(command, command.Arguments[^1] == "no" ? 1 : 0, "  answer \n"));
        var client = new CliClient("tool").WithRunner(runner);
        Func<Command, Command> same = c => c;

        Assert.Equal("answer", await client.RunAsync("x"));
        Assert.Equal("answer", await client.RunAsync(["x"], Token));
        Assert.Equal("answer", await client.RunAsync(["x"], same, Token));
        Assert.Equal("  answer \n", (await client.OutputAsync("x")).StandardOutput);
        Assert.Equal(0, (await client.OutputAsync(["x"], Token)).ExitCode);
        Assert.Equal(0, (await client.OutputAsync(["x"], same, Token)).ExitCode);
        Assert.Equal("  answer \n"u8.ToArray(), (await client.OutputBytesAsync("x")).StandardOutput.ToArray());
        Assert.Equal(0, (await client.OutputBytesAsync(["x"], Token)).ExitCode);
        Assert.Equal(0, (await client.OutputBytesAsync(["x"], same, Token)).ExitCode);
        Assert.Equal(1, await client.ExitCodeAsync("no"));
        Assert.Equal(0, await client.ExitCodeAsync(["x"], Token));
        Assert.Equal(1, await client.ExitCodeAsync(["no"], same, Token));
        Assert.True(await client.ProbeAsync("x"));
        Assert.False(await client.ProbeAsync(["no"], Token));
        Assert.True(await client.ProbeAsync(["x"], same, Token));
        await using (var started = await client.StartAsync("x"))
        {
            Assert.Equal("  answer ", (await started.WaitForExitAsync(Token)).StandardOutput.Split('\n')[0]);
        }

        await using (await client.StartAsync(["x"], Token))
        {
        }

        await using (await client.StartAsync(["x"], same, Token))
        {
        }

        Assert.Equal("answer", client.Run("x"));
        Assert.Equal("answer", client.Run(["x"], Token));
        Assert.Equal("answer", client.Run(["x"], same, Token));
        Assert.Equal(0, client.Output("x").ExitCode);
        Assert.Equal(0, client.Output(["x"], Token).ExitCode);
        Assert.Equal(0, client.Output(["x"], same, Token).ExitCode);
        Assert.Equal(0, client.OutputBytes("x").ExitCode);
        Assert.Equal(0, client.OutputBytes(["x"], Token).ExitCode);
        Assert.Equal(0, client.OutputBytes(["x"], same, Token).ExitCode);
        Assert.Equal(1, client.ExitCode("no"));
        Assert.Equal(0, client.ExitCode(["x"], Token));
        Assert.Equal(0, client.ExitCode(["x"], same, Token));
        Assert.False(client.Probe("no"));
        Assert.True(client.Probe(["x"], Token));
        Assert.True(client.Probe(["x"], same, Token));

        Assert.Equal(33, runner.Commands.Count);
        Assert.Equal(3, runner.Verbs.Count(verb => verb == "start"));
        Assert.Equal(6, runner.Verbs.Count(verb => verb == "bytes"));
        Assert.All(runner.Commands, command => Assert.Equal("tool", command.Program));
    }

    [Fact]
    public async Task A_failing_call_throws_what_the_command_verb_throws()
    {
        var client = new CliClient("tool").WithRunner(new FakeRunner(command => FakeRunner.Result(command, 2)));

        var error = await Assert.ThrowsAsync<ProcessExitException>(() => client.RunAsync(["x"], Token));

        Assert.Equal(2, error.ExitCode);
        await Assert.ThrowsAsync<ProcessExitException>(() => client.ProbeAsync(["x"], Token));
    }

    [Fact]
    public async Task Without_a_runner_of_its_own_the_client_uses_the_ambient_one()
    {
        var runner = new FakeRunner();
        var client = new CliClient("tool");

        using (ProcessRunnerScope.Use(runner))
        {
            await client.OutputAsync(["x"], Token);
        }

        Assert.Single(runner.Commands);
    }

    [Fact]
    public void The_client_is_immutable_and_each_With_returns_a_new_one()
    {
        var plain = new CliClient("tool");

        var configured = plain.WithTimeout(TimeSpan.FromSeconds(5)).WithLeadingArguments("--quiet").WithDefaults(c => c.WithOutputLimit(new OutputLimit(1024)));

        Assert.NotSame(plain, configured);
        Assert.Null(plain.Template.Timeout);
        Assert.Empty(plain.Template.Arguments);
        Assert.Null(plain.Template.OutputLimit);
        Assert.Equal(["--quiet", "x"], configured.Command("x").Arguments);
        Assert.Equal(1024, configured.Command("x").OutputLimit!.MaxBytes);
        Assert.Equal("tool", configured.Program);
        Assert.Equal(["--quiet"], configured.WithLeadingArguments("--quiet").Template.Arguments);
    }

    [Fact]
    public void Bad_input_is_refused_by_the_call_that_supplies_it()
    {
        var client = new CliClient("tool");

        Assert.Throws<ArgumentException>(() => new CliClient(""));
        Assert.Throws<ArgumentException>(() => client.Command("a\0b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.WithTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => client.WithEnvironment("A=B", "c"));
        Assert.Throws<InvalidOperationException>(() => client.Command(["x"], _ => null!));
        Assert.Throws<InvalidOperationException>(() => client.WithDefaults(_ => null!));
    }

    [LinuxFact]
    public async Task With_the_real_runner_the_defaults_reach_the_process()
    {
        var helper = new CliClient(Helper())
            .WithEnvironment("GREETING", "hello")
            .WithWorkingDirectory(TempDirectory);

        Assert.Equal("hello", await helper.RunAsync(["print-env", "GREETING"], Token));
        Assert.Equal(TempDirectory, await helper.RunAsync(["print-cwd"], Token));
        Assert.Equal(3, await helper.ExitCodeAsync(["exit", "3"], Token));
        Assert.Equal("call", await helper.RunAsync(["print-env", "GREETING"], c => c.WithEnvironment("GREETING", "call"), Token));
    }

    [LinuxFact]
    public async Task With_the_real_runner_a_default_timeout_stops_a_call()
    {
        var clock = new TimerWatchingClock();
        var helper = new CliClient(Helper()).WithTimeout(TimeSpan.FromSeconds(10)).WithDefaults(c => c.WithTimeProvider(clock));

        var call = helper.OutputAsync(["hang"], Token);
        await ProcessAssert.WaitUntilAsync(() => clock.ActiveTimers > 0, "the call's timeout timer", call);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True((await call).TimedOut);
    }

    [LinuxFact]
    public async Task With_the_real_runner_a_started_call_is_a_live_process()
    {
        var helper = new CliClient(Helper());

        await using var process = await helper.StartAsync(["out", "up", "hang"], Token);
        await using (var lines = process.StandardOutputLines.GetAsyncEnumerator(Token))
        {
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal("up", lines.Current);
        }

        Assert.True(await process.TerminateAsync(TimeSpan.FromMinutes(1), Token));
    }
}
