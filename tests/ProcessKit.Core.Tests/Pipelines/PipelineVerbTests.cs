using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>Every verb of a pipeline, async and sync, with the semantics and exceptions of <see cref="Command"/>'s.</summary>
public sealed class PipelineVerbTests : SpawningTest
{
    public static TheoryData<Verb> AllVerbs => Verbs.All;

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task Success_returns_what_the_verb_is_named_for(Verb verb)
    {
        var value = await (Helper("out", "  hello  ") | Helper("echo-stdin")).InvokeAsync(verb, Token);

        switch (verb)
        {
            case Verb.RunAsync or Verb.Run:
                Assert.Equal("hello", value);
                break;
            case Verb.OutputAsync or Verb.Output:
                var text = Assert.IsType<PipelineResult>(value);
                Assert.Equal("  hello  \n", text.StandardOutput);
                Assert.True(text.IsSuccess);
                Assert.Equal(2, text.Stages.Count);
                break;
            case Verb.OutputBytesAsync or Verb.OutputBytes:
                var bytes = Assert.IsType<PipelineBytesResult>(value);
                Assert.Equal("  hello  \n"u8.ToArray(), bytes.StandardOutput.ToArray());
                Assert.True(bytes.IsSuccess);
                Assert.Equal(2, bytes.Stages.Count);
                break;
            case Verb.ExitCodeAsync or Verb.ExitCode:
                Assert.Equal(0, value);
                break;
            default:
                Assert.Equal(true, value);
                break;
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_failing_stage_is_data_for_output_verbs_a_code_for_ExitCode_and_an_error_for_the_rest(Verb verb)
    {
        var pipeline = Helper("err", "it failed", "exit", "3") | Helper("echo-stdin");

        var (value, error) = await pipeline.AttemptAsync(verb, Token);

        switch (verb)
        {
            case Verb.OutputAsync or Verb.Output:
                Assert.Equal(3, Assert.IsType<PipelineResult>(value).ExitCode);
                break;
            case Verb.OutputBytesAsync or Verb.OutputBytes:
                Assert.Equal(3, Assert.IsType<PipelineBytesResult>(value).ExitCode);
                break;
            case Verb.ExitCodeAsync or Verb.ExitCode:
                Assert.Equal(3, value);
                break;
            default:
                var failure = Assert.IsType<ProcessExitException>(error);
                Assert.Equal(3, failure.ExitCode);
                Assert.Equal("it failed", failure.StandardErrorTail);
                Assert.Equal(0, Assert.IsType<PipelineResult>(failure.Result).ReportedStageIndex);
                break;
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_timeout_is_data_for_output_verbs_and_a_TimeoutException_for_the_rest(Verb verb)
    {
        var pipeline = (Helper("hang") | Helper("echo-stdin")).WithTimeout(TimeSpan.FromMilliseconds(300));

        var (value, error) = await pipeline.AttemptAsync(verb, Token);

        if (verb.ThrowsOnTimeout())
        {
            var timeout = Assert.IsType<ProcessTimeoutException>(error);
            Assert.True(timeout.Result.TimedOut);
        }
        else
        {
            Assert.True(Assert.IsAssignableFrom<ProcessOutcome>(value).TimedOut);
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task Cancellation_throws_from_every_verb_and_leaves_nothing(Verb verb)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var pidFile = TempPath("last.pid");
        var run = (Helper("hang") | Helper("write-pid", pidFile, "hang")).InvokeAsync(verb, cancellation.Token);
        var last = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(ProcessAssert.WaitLimit, Token));
        ProcessAssert.Gone(last);
    }

    [LinuxFact]
    public async Task Probe_is_true_on_0_false_on_1_and_throws_otherwise()
    {
        Assert.True(await (Helper("out", "needle") | Track(new Command("grep", "-q", "needle"))).ProbeAsync(Token));
        Assert.False(await (Helper("out", "hay") | Track(new Command("grep", "-q", "needle"))).ProbeAsync(Token));
        await Assert.ThrowsAsync<ProcessExitException>(() => (Helper("out", "x") | Helper("exit", "2")).ProbeAsync(Token));
    }

    [LinuxFact]
    public async Task ExitCode_throws_when_the_reported_stage_was_killed_by_a_signal()
    {
        var error = await Assert.ThrowsAsync<ProcessExitException>(() => (Track(new Command("yes")) | Track(new Command("head", "-n", "1"))).ExitCodeAsync(Token));

        Assert.Equal(13, error.Signal);
        Assert.Equal("yes", error.Program);
    }

    [LinuxFact]
    public async Task Started_the_pipeline_streams_the_last_stage_s_lines_and_every_stage_s_errors()
    {
        await using var pipeline = await (Helper("err", "from the first", "out-lines", "3") | Helper("err", "from the last", "echo-stdin")).StartAsync(Token);

        var stdout = await ToListAsync(pipeline.StandardOutputLines);
        var stderr = await ToListAsync(pipeline.StandardErrorLines);
        var result = await pipeline.WaitForExitAsync(Token);

        Assert.Equal(["line 1", "line 2", "line 3"], stdout);
        Assert.Equal(["from the first", "from the last"], stderr.Order(StringComparer.Ordinal));
        Assert.True(result.IsSuccess);
        Assert.Equal("line 1\nline 2\nline 3\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task Started_the_pipeline_talks_through_the_first_stage_s_input()
    {
        await using var pipeline = await (Helper("echo-stdin").KeepStandardInputOpen() | Helper("echo-stdin")).StartAsync(Token);
        await using var lines = pipeline.StandardOutputLines.GetAsyncEnumerator(Token);

        foreach (var word in new[] { "hello", "world" })
        {
            await pipeline.StandardInput.WriteLineAsync(word, Token);
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal(word, lines.Current);
        }

        await pipeline.StandardInput.CloseAsync();
        Assert.False(await lines.MoveNextAsync());
        Assert.Equal(0, (await pipeline.WaitForExitAsync(Token)).ExitCode);
    }

    [LinuxFact]
    public async Task A_one_shot_verb_gives_a_kept_open_first_stage_end_of_file_at_once_as_it_does_a_command()
    {
        var output = await (Helper("echo-stdin").KeepStandardInputOpen() | Helper("count-stdin")).RunAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);
        var alone = await Helper("read-line").KeepStandardInputOpen().RunAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal("0", output);
        Assert.Equal("got EOF", alone);
    }

    [LinuxFact]
    public async Task Started_the_pipeline_reports_the_failing_stage_at_its_exit()
    {
        await using var pipeline = await (Helper("err", "broke", "exit", "4") | Helper("echo-stdin")).StartAsync(Token);

        var result = await pipeline.WaitForExitAsync(Token);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("broke\n", result.StandardError);
        Assert.Equal(TestHelperProgram.Path, result.Program);
    }

    [LinuxFact]
    public async Task Disposing_a_started_pipeline_reaps_every_stage_and_grandchild()
    {
        var pipeline = await (Helper("grandchild", TempPath("grandchild.pid"), "write-pid", TempPath("0.pid"), "hang") | Helper("write-pid", TempPath("1.pid"), "hang")).StartAsync(Token);
        var processes = new List<ProcessIdentity>();
        foreach (var name in new[] { "grandchild.pid", "0.pid", "1.pid" })
        {
            processes.Add(await ProcessAssert.WaitForPidFileAsync(TempPath(name), pipeline.Exited));
        }

        await pipeline.DisposeAsync();

        processes.ForEach(ProcessAssert.Gone);
        Assert.Equal(9, (await pipeline.Exited).Signal);
    }

    [LinuxFact]
    public async Task Terminate_stops_every_stage_with_SIGTERM()
    {
        var pidFile = TempPath("0.pid");
        await using var pipeline = await (Helper("write-pid", pidFile, "hang") | Helper("out", "up", "hang")).StartAsync(Token);
        await using var lines = pipeline.StandardOutputLines.GetAsyncEnumerator(Token);
        Assert.True(await lines.MoveNextAsync());
        var first = await ProcessAssert.WaitForPidFileAsync(pidFile, pipeline.Exited);

        Assert.True(await pipeline.TerminateAsync(TimeSpan.FromMinutes(1), Token));

        var result = await pipeline.Exited;
        Assert.Equal(15, result.Signal);
        Assert.Equal(["write-pid", pidFile, "hang"], result.Arguments); // the first stage to have failed
        ProcessAssert.Gone(first);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(TestContext.Current.CancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
