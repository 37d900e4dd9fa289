using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace ProcessKit.Testing.Tests.Doubles;

public sealed class RecordingRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RecordingRunner Spy(RecordingRunnerOptions? options = null) =>
        new(new ScriptedRunner()
            .On("fail").Always(ScriptedReply.Failure(3, "bad"))
            .On("missing").Always(ScriptedReply.NotFound())
            .On("serve").Always(ScriptedReply.Streamed([ScriptedLine.Out("up")], ScriptedExit.WhenStopped))
            .On(CommandPattern.Any).Always(ScriptedReply.Success("ok")), options);

    [Fact]
    public async Task Records_what_was_asked_and_what_came_of_it()
    {
        var clock = new FakeTimeProvider();
        var spy = Spy();
        var command = new Command("git", "commit", "-m", "x")
            .WithWorkingDirectory("/srv/repo")
            .WithEnvironment("GIT_AUTHOR_NAME", "Ann")
            .WithoutEnvironment("GIT_DIR")
            .WithTimeProvider(clock);

        var result = await spy.OutputAsync(command, Token);

        var call = Assert.Single(spy.Calls);
        Assert.Equal(1, call.Sequence);
        Assert.Equal(ProcessVerb.Output, call.Verb);
        Assert.Same(command, call.Command);
        Assert.Equal("git", call.Program);
        Assert.Equal(["commit", "-m", "x"], call.Arguments);
        Assert.Equal("/srv/repo", call.WorkingDirectory);
        Assert.Equal([new RecordedVariable("GIT_AUTHOR_NAME", false, null, false), new RecordedVariable("GIT_DIR", true, null, false)], call.Environment);
        Assert.False(call.StandardInput.IsPresent);
        Assert.Equal(clock.GetUtcNow(), call.StartedAt);
        Assert.Equal(TimeSpan.Zero, call.Duration);
        Assert.Same(result, call.Result);
        Assert.Null(call.Exception);
        Assert.True(call.IsCompleted);
        Assert.Equal("#1 Output: git commit -m x (in /srv/repo; sets GIT_AUTHOR_NAME; removes GIT_DIR) → exited with code 0", call.ToString());
    }

    [Fact]
    public async Task Environment_values_only_on_opt_in_and_never_for_secret_names()
    {
        var spy = Spy(new RecordingRunnerOptions { RecordEnvironmentValues = true, SecretVariableNames = ["DATABASE_URL"] });
        var command = new Command("deploy")
            .WithEnvironment("STAGE", "prod")
            .WithEnvironment("GITHUB_TOKEN", "ghp_canary")
            .WithEnvironment("DATABASE_URL", "postgres://u:canary@db");

        await spy.OutputAsync(command, Token);

        var call = spy.Single();
        Assert.Equal(
            [new RecordedVariable("DATABASE_URL", false, null, true), new RecordedVariable("GITHUB_TOKEN", false, null, true), new RecordedVariable("STAGE", false, "prod", false)],
            call.Environment);
        Assert.DoesNotContain("canary", call.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_is_recorded_as_kind_length_and_digest_never_as_content()
    {
        var spy = Spy();

        await spy.OutputAsync(new Command("psql").WithStandardInput("SELECT 1;"), Token);
        await spy.OutputAsync(new Command("psql").WithStandardInput(StandardInput.FromBytes(new byte[] { 0, 1, 2 })), Token);
        using var stream = new MemoryStream([9]);
        await spy.OutputAsync(new Command("psql").WithStandardInput(StandardInput.FromStream(stream)), Token);
        await spy.OutputAsync(new Command("psql").WithStandardInput(StandardInput.FromFile("/nonexistent/in.sql")), Token);
        await spy.OutputAsync(new Command("psql").WithStandardInput(StandardInput.Inherit), Token);
        await (await spy.StartAsync(new Command("psql").KeepStandardInputOpen(), Token)).DisposeAsync();

        var inputs = spy.Calls.Select(c => c.StandardInput).ToArray();
        Assert.Equal(new RecordedInput(StandardInputKind.Text, 9, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("SELECT 1;")))), inputs[0]);
        Assert.Equal(new RecordedInput(StandardInputKind.Bytes, 3, Convert.ToHexStringLower(SHA256.HashData(new byte[] { 0, 1, 2 }))), inputs[1]);
        Assert.Equal(new RecordedInput(StandardInputKind.Stream, null, null), inputs[2]);
        Assert.Equal(new RecordedInput(StandardInputKind.File, null, null), inputs[3]);
        Assert.Equal(StandardInputKind.Inherit, inputs[4].Kind);
        Assert.Equal(StandardInputKind.KeptOpen, inputs[5].Kind);
        Assert.All(inputs, i => Assert.True(i.IsPresent));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task Each_verb_is_recorded_with_its_verb_and_the_primitive_it_reaches()
    {
        var spy = Spy();
        var command = new Command("x").WithRunner(spy);

        await command.RunAsync(Token);
        await command.ExitCodeAsync(Token);
        await command.ProbeAsync(Token);
        await command.OutputAsync(Token);
        await command.OutputBytesAsync(Token);
        await (await command.StartAsync(Token)).DisposeAsync();
        command.Run(Token);
        command.Probe(Token);
        await spy.ExitCodeAsync(new Command("y"), Token);
        await spy.OutputAsync(new Command("z"), Token);

        Assert.Equal(
            [ProcessVerb.Run, ProcessVerb.ExitCode, ProcessVerb.Probe, ProcessVerb.Output, ProcessVerb.OutputBytes, ProcessVerb.Start, ProcessVerb.Run, ProcessVerb.Probe, ProcessVerb.ExitCode, ProcessVerb.Output],
            spy.Calls.Select(c => c.Verb));
        Assert.IsType<BytesResult>(spy.Calls[4].Result);
        Assert.StartsWith("#1 Run: x", spy.Calls[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_runner_runs_while_serving_a_verb_is_recorded_as_its_own_call()
    {
        // The inner runner answers "outer" by running "inner" through the spy's primitive: "inner"
        // is an Output call, even though it runs inside the spy's RunAsync of "outer".
        var nesting = new NestingRunner(new ScriptedRunner().On("inner").Always(ScriptedReply.Success("deep")));
        var spy = new RecordingRunner(nesting);
        nesting.Spy = spy;

        Assert.Equal("deep", await spy.RunAsync(new Command("outer"), Token));
        Assert.Equal([("outer", ProcessVerb.Run), ("inner", ProcessVerb.Output)], spy.Calls.Select(c => (c.Program, c.Verb)));
    }

    [Fact]
    public async Task Exceptions_are_recorded_and_rethrown()
    {
        var spy = Spy();

        await Assert.ThrowsAsync<ProcessNotFoundException>(() => spy.OutputAsync(new Command("missing"), Token));
        await Assert.ThrowsAsync<ProcessExitException>(() => spy.RunAsync(new Command("fail"), Token));

        Assert.IsType<ProcessNotFoundException>(spy.Calls[0].Exception);
        Assert.Null(spy.Calls[0].Result);
        Assert.Equal(3, spy.Calls[1].Result!.ExitCode);
        Assert.Null(spy.Calls[1].Exception);
        Assert.EndsWith("→ threw ProcessNotFoundException", spy.Calls[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_started_process_is_recorded_at_once_and_its_result_when_it_exits()
    {
        var clock = new FakeTimeProvider();
        var spy = Spy();

        await using var process = await spy.StartAsync(new Command("serve").WithTimeProvider(clock), Token);
        var call = spy.Single();
        Assert.Same(process, call.Process);
        Assert.False(call.IsCompleted);
        Assert.Null(call.Duration);
        Assert.EndsWith("→ running", call.ToString(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(4));
        process.Kill();
        await process.Exited;

        Assert.Equal(9, call.Result!.Signal);
        Assert.Equal(TimeSpan.FromSeconds(4), call.Duration);
    }

    [Fact]
    public async Task CallCount_and_WasCalled_use_the_same_patterns_as_the_scripted_runner()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("git", "fetch"), Token);
        await spy.OutputAsync(new Command("/usr/bin/git", "fetch"), Token);
        await spy.OutputAsync(new Command("git", "push"), Token);

        Assert.Equal(2, spy.CallCount(CommandPattern.Exact("git", "fetch")));
        Assert.Equal(3, spy.CallCount(CommandPattern.Program("git")));
        Assert.True(spy.WasCalled(CommandPattern.Prefix("git", "push")));
        Assert.False(spy.WasCalled(CommandPattern.Program("docker")));
    }

    [Fact]
    public async Task Single_needs_exactly_one_call()
    {
        var spy = Spy();
        Assert.Contains("No commands ran.", Assert.Throws<ProcessAssertionException>(() => spy.Single()).Message, StringComparison.Ordinal);

        await spy.OutputAsync(new Command("a"), Token);
        Assert.Equal("a", spy.Single().Program);

        await spy.OutputAsync(new Command("b"), Token);
        var failure = Assert.Throws<ProcessAssertionException>(() => spy.Single());
        Assert.Contains("Expected exactly one command matching `any command`, but 2 did.", failure.Message, StringComparison.Ordinal);
        Assert.Equal("b", spy.Single(CommandPattern.Program("b")).Program);
    }

    [Fact]
    public async Task AssertRan_fails_listing_what_ran_and_why_the_nearest_did_not_match()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("git", "status"), Token);
        await spy.OutputAsync(new Command("git", "push", "--force"), Token);

        Assert.Equal(2, spy.AssertRan("git", "push", "--force").Sequence);
        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("git", "push", "origin"));

        Assert.Equal(
            """
            Expected a command matching `git push origin` to have run, but none did.
            2 commands ran:
              #1 Output: git status → exited with code 0
              #2 Output: git push --force → exited with code 0
            Nearest:
              #2: argument 2 is '--force', not 'origin'
              #1: argument 1 is 'status', not 'push'; has 1 argument, not 2
            """.ReplaceLineEndings(),
            failure.Message);
    }

    [Fact]
    public async Task Failure_messages_show_no_secret_in_any_form()
    {
        var canaries = new[] { "canary-spy-mysql", "canary-spy-bearer", "canary-spy-pair", "canary-spy-url" };
        var spy = Spy();
        await spy.OutputAsync(new Command("mysql", "-p" + canaries[0]), Token);
        await spy.OutputAsync(new Command("curl", "-H", "Authorization: Bearer " + canaries[1]), Token);
        await spy.OutputAsync(new Command("configure", "PASSWORD=" + canaries[2]), Token);
        await spy.OutputAsync(new Command("psql", $"postgresql://app:{canaries[3]}@db/shop"), Token);

        var failures = new[]
        {
            Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("mysql", "-pother")),
            Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("curl", "-H", "Authorization: Bearer other")),
            Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("configure", "PASSWORD=other")),
            Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("psql", "postgresql://app:other@db/shop")),
        };

        var messages = string.Join("\n", failures.Select(f => f.Message)) + string.Join("\n", spy.Calls);
        Assert.All(canaries, canary => Assert.DoesNotContain(canary, messages, StringComparison.Ordinal));
        Assert.Contains("#1 Output: mysql -p*** → exited with code 0", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertRan_with_a_count()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("make"), Token);
        await spy.OutputAsync(new Command("make"), Token);

        spy.AssertRan(CommandPattern.Program("make"), times: 2);
        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan(CommandPattern.Program("make"), times: 1));
        Assert.StartsWith("Expected 1 command matching `make <any arguments>`, but 2 ran.", failure.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => spy.AssertRan(CommandPattern.Any, times: -1));
    }

    [Fact]
    public async Task AssertDidNotRun_names_the_offending_calls()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("git", "status"), Token);
        await spy.OutputAsync(new Command("git", "push", "--force"), Token);

        spy.AssertDidNotRun(CommandPattern.Exact("git", "push"));
        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun(CommandPattern.Prefix("git", "push")));

        Assert.StartsWith("Expected no command matching `git push …`, but #2 did.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, Assert.Throws<ProcessAssertionException>(() => spy.AssertDidNotRun("git", "push")).Message);
        Assert.Contains("#2 Output: git push --force", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertRanInOrder_allows_other_calls_between_and_explains_a_wrong_order()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("git", "fetch"), Token);
        await spy.OutputAsync(new Command("ls"), Token);
        await spy.OutputAsync(new Command("git", "merge"), Token);

        spy.AssertRanInOrder(CommandPattern.Exact("git", "fetch"), CommandPattern.Exact("git", "merge"));
        var wrong = Assert.Throws<ProcessAssertionException>(() => spy.AssertRanInOrder(CommandPattern.Exact("git", "merge"), CommandPattern.Exact("git", "fetch")));
        var missing = Assert.Throws<ProcessAssertionException>(() => spy.AssertRanInOrder(CommandPattern.Exact("git", "fetch"), CommandPattern.Exact("git", "push")));

        Assert.StartsWith("Expected the commands to run in the order `git merge`, then `git fetch`, but none matched `git fetch` after #3 (git merge) (#1 matches it, but too early).", wrong.Message, StringComparison.Ordinal);
        Assert.StartsWith("Expected the commands to run in the order `git fetch`, then `git push`, but none matched `git push` after #1 (git fetch).", missing.Message, StringComparison.Ordinal);
        Assert.Contains("#3: argument 1 is 'merge', not 'push'", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => spy.AssertRanInOrder());
    }

    [Fact]
    public async Task Messages_redact_secret_looking_arguments()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("login", "--password", "hunter2"), Token);

        var failure = Assert.Throws<ProcessAssertionException>(() => spy.AssertRan("login", "--password", "other"));

        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("login --password ***", failure.Message, StringComparison.Ordinal);
        Assert.Contains("argument 2 is (redacted), not 'other'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_forgets_the_calls_and_numbering_goes_on()
    {
        var spy = Spy();
        await spy.OutputAsync(new Command("a"), Token);
        spy.Clear();
        await spy.OutputAsync(new Command("b"), Token);

        Assert.Equal(2, spy.Single().Sequence);
    }

    [Fact]
    public async Task Calls_from_parallel_flows_are_all_kept_in_the_order_they_began()
    {
        var spy = Spy();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => spy.OutputAsync(new Command("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Token), Token)));

        Assert.Equal(Enumerable.Range(1, 500), spy.Calls.Select(c => c.Sequence));
        Assert.Equal(500, spy.Calls.Select(c => c.Arguments[0]).Distinct().Count());
    }

    /// <summary>Answers "outer" by running "inner" through <see cref="Spy"/>; everything else through its answers.</summary>
    private sealed class NestingRunner(ScriptedRunner answers) : IProcessRunner
    {
        public RecordingRunner? Spy { get; set; }

        public ProcessPlacement? Placement => null;

        public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
            command.Program == "outer" ? await Spy!.OutputAsync(new Command("inner"), cancellationToken) : await answers.OutputAsync(command, verb, cancellationToken);

        public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) => answers.OutputBytesAsync(command, cancellationToken);

        public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) => answers.StartAsync(command, cancellationToken);
    }
}
