using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>The doubles around the real runner: the spy records real runs, and pass-through really runs.</summary>
public sealed class RealRunnerTests : SpawningTest
{
    [LinuxFact]
    public async Task The_spy_records_real_runs_of_every_primitive()
    {
        var spy = new RecordingRunner();

        var result = await spy.OutputAsync(Helper("out", "hello", "err", "warn", "exit", "3"), Token);
        var bytes = await spy.OutputBytesAsync(Helper("out-hex", "00ff"), Token);
        await using (var process = await spy.StartAsync(Helper("out", "ready", "hang"), Token))
        {
            await foreach (var line in process.StandardOutputLines.WithCancellation(Token))
            {
                Assert.Equal("ready", line);
                break;
            }

            await process.TerminateAsync(TimeSpan.FromSeconds(5), Token);
        }

        Assert.Equal(3, result.ExitCode);
        Assert.Equal([0x00, 0xFF], bytes.StandardOutput.ToArray());
        var calls = spy.Calls;
        Assert.Equal([ProcessVerb.Output, ProcessVerb.OutputBytes, ProcessVerb.Start], calls.Select(c => c.Verb));
        Assert.Same(result, calls[0].Result);
        Assert.Equal("hello\n", ((ProcessResult)calls[0].Result!).StandardOutput);
        Assert.Equal(TestHelperProgram.Path, calls[0].Program);
        Assert.All(calls, c => Assert.Contains(c.Environment, v => v.Name == MarkerVariable && v.Value is null));
        Assert.All(calls, c => Assert.True(c.Duration >= TimeSpan.Zero));
        Assert.NotNull(calls[2].Result);
        Assert.NotNull(calls[2].Result!.Signal);
        spy.AssertRan(CommandPattern.Prefix("TestHelper", "out", "hello"));
    }

    [LinuxFact]
    public async Task The_spy_records_a_real_spawn_failure()
    {
        var spy = new RecordingRunner();

        await Assert.ThrowsAsync<ProcessNotFoundException>(() => spy.OutputAsync(Track(new Command("/nonexistent/program")), Token));

        Assert.IsType<ProcessNotFoundException>(spy.Single().Exception);
    }

    [LinuxFact]
    public async Task Pass_through_runs_the_named_program_for_real_and_scripts_the_rest()
    {
        var runner = new ScriptedRunner()
            .On("git", "push").Always(ScriptedReply.Success("pushed (scripted)"))
            .PassThrough("TestHelper");

        Assert.Equal("really ran", await runner.RunAsync(Helper("out", "really ran"), Token));
        Assert.Equal("pushed (scripted)", await runner.RunAsync(new Command("git", "push"), Token));
        await Assert.ThrowsAsync<UnscriptedCommandException>(() => runner.RunAsync(new Command("git", "pull"), Token));
    }

    [LinuxFact]
    public async Task PassThroughAll_runs_every_unscripted_command_for_real()
    {
        var runner = new ScriptedRunner().PassThroughAll();

        Assert.Equal("real", await runner.RunAsync(Helper("out", "real"), Token));
    }
}
