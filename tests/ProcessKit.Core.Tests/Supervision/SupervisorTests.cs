using ProcessKit.Core.Tests.Clients;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Supervision;

/// <summary>
/// The supervisor with real children and a fake clock: every backoff and health-check interval is
/// a timer on <see cref="TimerWatchingClock"/>, so the tests read the waits from the timers and
/// never sleep.
/// </summary>
public sealed class SupervisorTests : SpawningTest
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private const string CountRuns = """n=$(cat "$1" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$1"; """;

    private readonly TimerWatchingClock _clock = new();
    private readonly SupervisionEvents _events = new();

    [LinuxFact]
    public async Task A_crashing_child_is_restarted_with_exponential_backoff_until_the_restart_limit()
    {
        var supervisor = new Supervisor(Helper("exit", "3"), new SupervisorOptions
        {
            RestartPolicy = RestartPolicy.OnFailure,
            MaxRestarts = 3,
            InitialBackoff = Second,
            BackoffFactor = 2,
            MaxBackoff = 3 * Second,
            Jitter = 0,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        var run = supervisor.RunAsync(Token);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            waits.Add(await _clock.FireNextTimerAsync());
        }

        var outcome = await run;

        Assert.Equal([Second, 2 * Second, 3 * Second], waits);
        Assert.Equal(waits, _events.OfKind(SupervisorEventKind.RestartScheduled).Select(e => e.Delay!.Value));
        Assert.Equal(SupervisorStopReason.MaxRestartsReached, outcome.Reason);
        Assert.Equal(3, outcome.Restarts);
        Assert.Equal(3, outcome.LastResult.ExitCode);
        Assert.Equal(4, _events.OfKind(SupervisorEventKind.Started).Select(e => e.ProcessId).Distinct().Count());
        Assert.All(_events.OfKind(SupervisorEventKind.Exited), e => Assert.Equal(3, e.Result!.ExitCode));
    }

    [Fact]
    public void Jitter_stays_within_its_fraction_under_the_cap_and_a_seeded_random_repeats_it()
    {
        SupervisorOptions Seeded() => new()
        {
            InitialBackoff = Second,
            BackoffFactor = 2,
            MaxBackoff = 10 * Second,
            Jitter = 0.25,
            Random = new Random(7),
        };

        var options = Seeded();
        var sequence = Enumerable.Range(0, 8).Select(n => RestartBackoff.Delay(options, n)).ToList();
        var again = Seeded();
        var repeated = Enumerable.Range(0, 8).Select(n => RestartBackoff.Delay(again, n)).ToList();

        Assert.Equal(sequence, repeated);
        for (var n = 0; n < sequence.Count; n++)
        {
            var exact = TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, n)));
            Assert.InRange(sequence[n], exact * 0.75, TimeSpan.FromTicks(Math.Min((10 * Second).Ticks, (exact * 1.25).Ticks)));
        }

        Assert.NotEqual(Enumerable.Range(0, 8).Select(n => TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, n)))), sequence);
    }

    [LinuxFact]
    public async Task Stop_when_ends_the_supervision_on_the_result_it_matches()
    {
        var supervisor = new Supervisor(Shell(CountRuns + "exit $n", TempPath("runs")), new SupervisorOptions
        {
            InitialBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.Zero,
            StopWhen = result => result.ExitCode == 3,
            TimeProvider = _clock,
        });

        var outcome = await supervisor.RunAsync(Token);

        Assert.Equal(SupervisorStopReason.StopConditionMet, outcome.Reason);
        Assert.Equal(2, outcome.Restarts);
        Assert.Equal(3, outcome.LastResult.ExitCode);
    }

    [Theory]
    [InlineData(RestartPolicy.OnFailure, 0, SupervisorStopReason.NotRestartedByPolicy, 0)]
    [InlineData(RestartPolicy.OnFailure, 1, SupervisorStopReason.MaxRestartsReached, 2)]
    [InlineData(RestartPolicy.Never, 1, SupervisorStopReason.NotRestartedByPolicy, 0)]
    [InlineData(RestartPolicy.Always, 0, SupervisorStopReason.MaxRestartsReached, 2)]
    public async Task The_policy_decides_which_exits_are_restarted(RestartPolicy policy, int exitCode, SupervisorStopReason reason, int restarts)
    {
        var runner = new FakeRunner(command => FakeRunner.Result(command, exitCode));
        var supervisor = new Supervisor(new Command("tool").WithRunner(runner), new SupervisorOptions
        {
            RestartPolicy = policy,
            MaxRestarts = 2,
            InitialBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.Zero,
        });

        var outcome = await supervisor.RunAsync(Token);

        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(restarts, outcome.Restarts);
        Assert.Equal(restarts + 1, runner.Verbs.Count(verb => verb == "start"));
    }

    [LinuxFact]
    public async Task Failing_health_checks_stop_the_child_and_start_a_new_one()
    {
        var checks = 0;
        var supervisor = new Supervisor(Helper("out", "up", "hang"), new SupervisorOptions
        {
            HealthCheck = _ =>
            {
                Interlocked.Increment(ref checks);
                return Task.FromResult(false);
            },
            HealthCheckInterval = 5 * Second,
            HealthCheckFailureThreshold = 2,
            InitialBackoff = TimeSpan.Zero,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        await using var session = supervisor.Start(Token);
        var first = ProcessIdentity.Of(session.Current!.Id);
        Assert.Equal(5 * Second, await _clock.FireNextTimerAsync());
        Assert.Equal(5 * Second, await _clock.FireNextTimerAsync());
        await _events.WaitForAsync(SupervisorEventKind.Started, 2, session.Completion);
        var outcome = await session.StopAsync(Token);

        Assert.Equal(
            [
                SupervisorEventKind.Started, SupervisorEventKind.HealthCheckFailed, SupervisorEventKind.HealthCheckFailed,
                SupervisorEventKind.Unhealthy, SupervisorEventKind.Exited, SupervisorEventKind.RestartScheduled,
                SupervisorEventKind.Started, SupervisorEventKind.Exited,
            ],
            _events.Kinds);
        Assert.Equal(2, checks);
        Assert.Equal([1, 2], _events.OfKind(SupervisorEventKind.HealthCheckFailed).Select(e => e.HealthCheckFailures!.Value));
        Assert.Equal(15, _events.OfKind(SupervisorEventKind.Exited)[0].Result!.Signal);
        ProcessAssert.Gone(first);
        Assert.Equal(SupervisorStopReason.StopRequested, outcome.Reason);
        Assert.Equal(1, outcome.Restarts);
    }

    [LinuxFact]
    public async Task A_passing_health_check_resets_the_count_of_failures()
    {
        var answers = new Queue<bool>([false, true, false]);
        var supervisor = new Supervisor(Helper("hang"), new SupervisorOptions
        {
            HealthCheck = _ => Task.FromResult(answers.Dequeue()),
            HealthCheckInterval = 5 * Second,
            HealthCheckFailureThreshold = 2,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        await using var session = supervisor.Start(Token);
        for (var i = 0; i < 3; i++)
        {
            await _clock.FireNextTimerAsync();
        }

        await _clock.NextTimerAsync();
        var outcome = await session.StopAsync(Token);

        Assert.Empty(answers);
        Assert.Equal([1, 1], _events.OfKind(SupervisorEventKind.HealthCheckFailed).Select(e => e.HealthCheckFailures!.Value));
        Assert.Empty(_events.OfKind(SupervisorEventKind.Unhealthy));
        Assert.Equal(0, outcome.Restarts);
    }

    [LinuxFact]
    public async Task A_health_check_that_does_not_answer_in_time_fails_and_is_cancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var supervisor = new Supervisor(Helper("hang"), new SupervisorOptions
        {
            RestartPolicy = RestartPolicy.Never,
            HealthCheck = token =>
            {
                token.Register(() => cancelled.TrySetResult());
                return new TaskCompletionSource<bool>().Task;
            },
            HealthCheckInterval = 5 * Second,
            HealthCheckTimeout = Second,
            HealthCheckFailureThreshold = 1,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        await using var session = supervisor.Start(Token);
        Assert.Equal(5 * Second, await _clock.FireNextTimerAsync());
        Assert.Equal(Second, await _clock.FireNextTimerAsync());
        var outcome = await session.Completion;

        await cancelled.Task.WaitAsync(ProcessAssert.WaitLimit, Token);
        Assert.IsType<TimeoutException>(Assert.Single(_events.OfKind(SupervisorEventKind.HealthCheckFailed)).Error);
        Assert.Equal(SupervisorStopReason.NotRestartedByPolicy, outcome.Reason);
        Assert.Equal(15, outcome.LastResult.Signal);
    }

    [LinuxFact]
    public async Task A_health_check_that_throws_is_a_failed_check()
    {
        var supervisor = new Supervisor(Helper("hang"), new SupervisorOptions
        {
            RestartPolicy = RestartPolicy.Never,
            HealthCheck = _ => throw new HttpRequestException("connection refused"),
            HealthCheckInterval = 5 * Second,
            HealthCheckFailureThreshold = 1,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        var run = supervisor.RunAsync(Token);
        await _clock.FireNextTimerAsync();
        var outcome = await run;

        var failure = Assert.Single(_events.OfKind(SupervisorEventKind.HealthCheckFailed));
        Assert.Equal("connection refused", Assert.IsType<HttpRequestException>(failure.Error).Message);
        Assert.Equal(SupervisorStopReason.NotRestartedByPolicy, outcome.Reason);
    }

    [LinuxFact]
    public async Task Stop_terminates_the_running_child_gracefully_and_reports_it()
    {
        var supervisor = new Supervisor(Helper("out", "up", "hang"), new SupervisorOptions { TimeProvider = _clock });

        await using var session = supervisor.Start(Token);
        var child = session.Current!;
        var identity = ProcessIdentity.Of(child.Id);
        await using (var lines = child.StandardOutputLines.GetAsyncEnumerator(Token))
        {
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal("up", lines.Current);
        }

        var outcome = await session.StopAsync(Token);

        Assert.Equal(SupervisorStopReason.StopRequested, outcome.Reason);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(15, outcome.LastResult.Signal);
        Assert.Null(session.Current);
        ProcessAssert.Gone(identity);
        Assert.Same(outcome, await session.StopAsync(Token));
    }

    [LinuxFact]
    public async Task Stop_during_a_backoff_ends_it_at_once_without_another_start()
    {
        var supervisor = new Supervisor(Helper("exit", "3"), new SupervisorOptions
        {
            InitialBackoff = TimeSpan.FromHours(1),
            MaxBackoff = TimeSpan.FromHours(1),
            Jitter = 0,
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        await using var session = supervisor.Start(Token);
        Assert.Equal(TimeSpan.FromHours(1), await _clock.NextTimerAsync());
        var outcome = await session.StopAsync(Token);

        Assert.Equal(SupervisorStopReason.StopRequested, outcome.Reason);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(3, outcome.LastResult.ExitCode);
        Assert.Equal([SupervisorEventKind.Started, SupervisorEventKind.Exited, SupervisorEventKind.RestartScheduled], _events.Kinds);
    }

    [LinuxFact]
    public async Task A_long_enough_run_resets_the_backoff()
    {
        var command = Shell(CountRuns + """if [ $n -ge 3 ]; then echo up; read line; fi; exit 3""", TempPath("runs")).KeepStandardInputOpen();
        var supervisor = new Supervisor(command, new SupervisorOptions
        {
            InitialBackoff = Second,
            BackoffFactor = 2,
            MaxBackoff = TimeSpan.FromMinutes(1),
            Jitter = 0,
            ResetBackoffAfter = TimeSpan.FromMinutes(1),
            TimeProvider = _clock,
            OnEvent = _events.Add,
        });

        await using var session = supervisor.Start(Token);
        Assert.Equal(Second, await _clock.FireNextTimerAsync());
        Assert.Equal(2 * Second, await _clock.FireNextTimerAsync());
        await _events.WaitForAsync(SupervisorEventKind.Started, 3, session.Completion);
        var third = session.Current!;
        await using (var lines = third.StandardOutputLines.GetAsyncEnumerator(Token))
        {
            Assert.True(await lines.MoveNextAsync());
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        await third.StandardInput.WriteLineAsync("done", Token);

        Assert.Equal(Second, await _clock.NextTimerAsync());
        Assert.Equal(2, (await session.StopAsync(Token)).Restarts);
    }

    [LinuxFact]
    public async Task Cancelling_a_run_kills_the_child_and_throws()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var supervisor = new Supervisor(Helper("hang"), new SupervisorOptions { TimeProvider = _clock, OnEvent = _events.Add });

        var run = supervisor.RunAsync(cancel.Token);
        await _events.WaitForAsync(SupervisorEventKind.Started, 1, run);
        var child = ProcessIdentity.Of(_events.All[0].ProcessId!.Value);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        ProcessAssert.Gone(child);
    }

    [LinuxFact]
    public async Task A_program_that_cannot_start_ends_the_supervision_with_the_spawn_error()
    {
        var supervisor = new Supervisor(Track(new Command(TempPath("no-such-program"))));

        await Assert.ThrowsAsync<ProcessNotFoundException>(() => supervisor.RunAsync(Token));
    }

    [LinuxFact]
    public async Task A_throwing_stop_condition_ends_the_supervision_with_its_exception()
    {
        var supervisor = new Supervisor(Helper("exit", "0"), new SupervisorOptions
        {
            StopWhen = _ => throw new InvalidOperationException("predicate bug"),
            TimeProvider = _clock,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => supervisor.RunAsync(Token));

        Assert.Equal("predicate bug", error.Message);
    }

    [Fact]
    public void Bad_options_are_refused_up_front_naming_the_option_and_the_value()
    {
        AssertRefused(new SupervisorOptions { BackoffFactor = 0.5 }, "BackoffFactor", "0.5");
        AssertRefused(new SupervisorOptions { BackoffFactor = double.NaN }, "BackoffFactor", "NaN");
        AssertRefused(new SupervisorOptions { MaxRestarts = -1 }, "MaxRestarts", "-1");
        AssertRefused(new SupervisorOptions { InitialBackoff = -Second }, "InitialBackoff", "-00:00:01");
        AssertRefused(new SupervisorOptions { InitialBackoff = 10 * Second, MaxBackoff = 5 * Second }, "MaxBackoff", "00:00:05");
        AssertRefused(new SupervisorOptions { MaxBackoff = TimeSpan.FromDays(100) }, "MaxBackoff", "100.00:00:00");
        AssertRefused(new SupervisorOptions { Jitter = 1.5 }, "Jitter", "1.5");
        AssertRefused(new SupervisorOptions { ResetBackoffAfter = TimeSpan.Zero }, "ResetBackoffAfter", "00:00:00");
        AssertRefused(new SupervisorOptions { HealthCheckInterval = TimeSpan.Zero }, "HealthCheckInterval", "00:00:00");
        AssertRefused(new SupervisorOptions { HealthCheckTimeout = -Second }, "HealthCheckTimeout", "-00:00:01");
        AssertRefused(new SupervisorOptions { HealthCheckFailureThreshold = 0 }, "HealthCheckFailureThreshold", "0");
        AssertRefused(new SupervisorOptions { StopGrace = -Second }, "StopGrace", "-00:00:01");
        AssertRefused(new SupervisorOptions { RestartPolicy = (RestartPolicy)42 }, "RestartPolicy", "42");
        Assert.Throws<ArgumentException>(() => new Supervisor(new Command("tool"), new SupervisorOptions { TimeProvider = null! }));

        static void AssertRefused(SupervisorOptions options, string option, string value)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Supervisor(new Command("tool"), options));
            Assert.Equal("options", error.ParamName);
            Assert.Contains($"SupervisorOptions.{option} ({value})", error.Message, StringComparison.Ordinal);
        }
    }
}
