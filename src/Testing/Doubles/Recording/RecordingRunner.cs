namespace ProcessKit.Testing;

/// <summary>
/// A spy: wraps any runner (the real one, a <see cref="ScriptedRunner"/>, a
/// <see cref="ProcessGroup"/>), passes every call through unchanged, and records it as a
/// <see cref="RecordedCall"/>. Query and assert on the calls with the same
/// <see cref="CommandPattern"/>s a <see cref="ScriptedRunner"/> uses (<see cref="WasCalled"/>,
/// <see cref="CallCount"/>, <see cref="AssertRan(CommandPattern)"/>, <see cref="AssertRanInOrder"/>, ...),
/// without any test framework. Thread-safe; calls are kept in the order they began.
/// </summary>
public sealed partial class RecordingRunner : IProcessRunner
{
    private readonly IProcessRunner _inner;
    private readonly RecordingRunnerOptions _options;
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private int _sequence;

    /// <summary>Records the calls of the real runner (<see cref="ProcessRunner.Default"/>).</summary>
    public RecordingRunner()
        : this(ProcessRunner.Default)
    {
    }

    /// <summary>Records the calls that go through <paramref name="inner"/>.</summary>
    /// <param name="inner">The runner that runs the commands.</param>
    /// <param name="options">What to record beyond the defaults; null for the defaults (no environment values).</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public RecordingRunner(IProcessRunner inner, RecordingRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new RecordingRunnerOptions();
    }

    /// <summary>The runner that runs the commands.</summary>
    public IProcessRunner Inner => _inner;

    /// <summary>A snapshot of the calls so far, in the order they began.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Forgets every call recorded so far (for a test in phases); numbering goes on.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    /// <summary>The inner runner's: a pipeline through this spy runs as it would through the inner runner, and its stages are not recorded when they are joined by kernel pipes.</summary>
    public ProcessPlacement? Placement => _inner.Placement;

    /// <inheritdoc />
    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        RecordAsync(command, verb, (runner, c, t) => runner.OutputAsync(c, verb, t), cancellationToken);

    /// <inheritdoc />
    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        RecordAsync(command, ProcessVerb.OutputBytes, static (runner, c, t) => runner.OutputBytesAsync(c, t), cancellationToken);

    /// <inheritdoc />
    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        var call = Begin(command, ProcessVerb.Start);
        RunningProcess process;
        try
        {
            process = await _inner.StartAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            call.Fail(e);
            throw;
        }

        call.Started(process);

        // OnExit callbacks run before Exited completes, so whoever awaits the exit sees the result recorded.
        process.OnExit(call.Complete);
        _ = process.Exited.ContinueWith(
            static (exited, state) => ((RecordedCall)state!).Fail(exited.Exception!.InnerException!),
            call,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return process;
    }

    /// <summary>Records a call that runs to its end, then its result or exception, which the caller gets unchanged.</summary>
    private async Task<T> RecordAsync<T>(Command command, ProcessVerb verb, Func<IProcessRunner, Command, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
        where T : ProcessOutcome
    {
        var call = Begin(command, verb);
        try
        {
            var result = await run(_inner, command, cancellationToken).ConfigureAwait(false);
            call.Complete(result);
            return result;
        }
        catch (Exception e)
        {
            call.Fail(e);
            throw;
        }
    }

    private RecordedCall Begin(Command command, ProcessVerb verb)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            var call = new RecordedCall(++_sequence, verb, command, _options);
            _calls.Add(call);
            return call;
        }
    }
}
