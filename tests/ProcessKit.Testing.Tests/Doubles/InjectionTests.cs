using Microsoft.Extensions.DependencyInjection;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>Every verb, through each of the three ways to hand code a double: the command, the ambient scope, and DI.</summary>
public sealed class InjectionTests
{
    public enum Injection
    {
        WithRunner,
        Scope,
        DependencyInjection,
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ScriptedRunner Script() => new ScriptedRunner()
        .On("tool", "ok").Always(ScriptedReply.Success("  out  \n"))
        .On("tool", "no").Always(ScriptedReply.Failure(1, "nope"))
        .On("tool", "weird").Always(ScriptedReply.Failure(2, "broken"))
        .On("tool", "bytes").Always(ScriptedReply.Bytes(new byte[] { 1, 2, 3 }))
        .On("tool", "serve").Always(ScriptedReply.Streamed([ScriptedLine.Out("listening")], ScriptedExit.WhenStopped));

    [Theory]
    [InlineData(Injection.WithRunner)]
    [InlineData(Injection.Scope)]
    [InlineData(Injection.DependencyInjection)]
    public async Task Every_verb_behaves_as_with_a_real_process(Injection injection)
    {
        var runner = Script();
        using var scope = injection == Injection.Scope ? ProcessRunnerScope.Use(runner) : null;
        await using var provider = injection == Injection.DependencyInjection
            ? new ServiceCollection().AddProcessKit().AddProcessKit(runner).AddSingleton<ToolService>().BuildServiceProvider()
            : null;
        IToolVerbs tool = injection switch
        {
            Injection.WithRunner => new CommandVerbs(c => c.WithRunner(runner)),
            Injection.Scope => new CommandVerbs(c => c),
            _ => provider!.GetRequiredService<ToolService>(),
        };

        Assert.Equal("out", await tool.RunAsync("ok"));
        Assert.Equal("  out  \n", (await tool.OutputAsync("ok")).StandardOutput);
        Assert.Equal([1, 2, 3], (await tool.OutputBytesAsync("bytes")).StandardOutput.ToArray());
        Assert.Equal(1, await tool.ExitCodeAsync("no"));
        Assert.True(await tool.ProbeAsync("ok"));
        Assert.False(await tool.ProbeAsync("no"));
        Assert.Equal(2, (await Assert.ThrowsAsync<ProcessExitException>(() => tool.ProbeAsync("weird"))).ExitCode);
        Assert.Equal("nope", (await Assert.ThrowsAsync<ProcessExitException>(() => tool.RunAsync("no"))).StandardErrorTail);
        await using (var server = await tool.StartAsync("serve"))
        {
            await foreach (var line in server.StandardOutputLines.WithCancellation(Token))
            {
                Assert.Equal("listening", line);
                break;
            }

            Assert.True(await server.TerminateAsync(TimeSpan.FromSeconds(1), Token));
        }

        Assert.Equal("out", tool.Run("ok"));
        Assert.Equal(0, tool.Output("ok").ExitCode);
        Assert.Equal(3, tool.OutputBytes("bytes").StandardOutput.Length);
        Assert.Equal(1, tool.ExitCode("no"));
        Assert.True(tool.Probe("ok"));
    }

    [Fact]
    public async Task A_commands_own_runner_wins_over_the_scope()
    {
        var own = new ScriptedRunner().On("x").Always(ScriptedReply.Success("own"));
        var ambient = new ScriptedRunner().On("x").Always(ScriptedReply.Success("ambient"));
        using var scope = ProcessRunnerScope.Use(ambient);

        Assert.Equal("own", await new Command("x").WithRunner(own).RunAsync(Token));
        Assert.Equal("ambient", await new Command("x").RunAsync(Token));
    }

    [Fact]
    public async Task Parallel_flows_each_see_their_own_scoped_double()
    {
        var ready = new Barrier(2);

        async Task<string> Flow(string name)
        {
            await Task.Yield();
            using var scope = ProcessRunnerScope.Use(new ScriptedRunner().On("whoami").Always(ScriptedReply.Success(name)));
            ready.SignalAndWait(Token);
            return await new Command("whoami").RunAsync(Token);
        }

        var results = await Task.WhenAll(Task.Run(() => Flow("a"), Token), Task.Run(() => Flow("b"), Token));

        Assert.Equal(["a", "b"], results);
        ready.Dispose();
    }

    /// <summary>Runs "tool ARG" with every verb.</summary>
    private interface IToolVerbs
    {
        Task<string> RunAsync(string argument);

        Task<ProcessResult> OutputAsync(string argument);

        Task<BytesResult> OutputBytesAsync(string argument);

        Task<int> ExitCodeAsync(string argument);

        Task<bool> ProbeAsync(string argument);

        Task<RunningProcess> StartAsync(string argument);

        string Run(string argument);

        ProcessResult Output(string argument);

        BytesResult OutputBytes(string argument);

        int ExitCode(string argument);

        bool Probe(string argument);
    }

    /// <summary>Code that runs commands with the verbs on Command (the runner comes from the command or the ambient scope).</summary>
    private sealed class CommandVerbs(Func<Command, Command> prepare) : IToolVerbs
    {
        public Task<string> RunAsync(string argument) => Make(argument).RunAsync(Token);

        public Task<ProcessResult> OutputAsync(string argument) => Make(argument).OutputAsync(Token);

        public Task<BytesResult> OutputBytesAsync(string argument) => Make(argument).OutputBytesAsync(Token);

        public Task<int> ExitCodeAsync(string argument) => Make(argument).ExitCodeAsync(Token);

        public Task<bool> ProbeAsync(string argument) => Make(argument).ProbeAsync(Token);

        public Task<RunningProcess> StartAsync(string argument) => Make(argument).StartAsync(Token);

        public string Run(string argument) => Make(argument).Run(Token);

        public ProcessResult Output(string argument) => Make(argument).Output(Token);

        public BytesResult OutputBytes(string argument) => Make(argument).OutputBytes(Token);

        public int ExitCode(string argument) => Make(argument).ExitCode(Token);

        public bool Probe(string argument) => Make(argument).Probe(Token);

        private Command Make(string argument) => prepare(new Command("tool", argument));
    }

    /// <summary>Code under test as DI builds it: it takes the runner in its constructor and runs commands with the runner's verbs.</summary>
    private sealed class ToolService(IProcessRunner runner) : IToolVerbs
    {
        public Task<string> RunAsync(string argument) => runner.RunAsync(Make(argument), Token);

        public Task<ProcessResult> OutputAsync(string argument) => runner.OutputAsync(Make(argument), Token);

        public Task<BytesResult> OutputBytesAsync(string argument) => runner.OutputBytesAsync(Make(argument), Token);

        public Task<int> ExitCodeAsync(string argument) => runner.ExitCodeAsync(Make(argument), Token);

        public Task<bool> ProbeAsync(string argument) => runner.ProbeAsync(Make(argument), Token);

        public Task<RunningProcess> StartAsync(string argument) => runner.StartAsync(Make(argument), Token);

        public string Run(string argument) => runner.Run(Make(argument), Token);

        public ProcessResult Output(string argument) => runner.Output(Make(argument), Token);

        public BytesResult OutputBytes(string argument) => runner.OutputBytes(Make(argument), Token);

        public int ExitCode(string argument) => runner.ExitCode(Make(argument), Token);

        public bool Probe(string argument) => runner.Probe(Make(argument), Token);

        private static Command Make(string argument) => new("tool", argument);
    }
}
