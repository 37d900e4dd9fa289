namespace ProcessKit;

/// <summary>
/// A pipeline whose stages run through another runner (a test double, or one that wraps the
/// real runner): each stage is started with <see cref="IProcessRunner.StartAsync"/>, every stage
/// after the first with its standard input kept open, and each line of a stage's standard output
/// is written to the next stage's input as it arrives. When a stage stops taking input while
/// lines still come, its predecessor is sent SIGPIPE, as a kernel pipe would do.
/// </summary>
internal sealed class RunnerChain : StageChain
{
    private readonly RunningProcess[] _stages;
    private readonly bool[] _timedOut;
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _observers = [];
    private Task<PipelineRecord>? _completion;
    private int _disposed;

    private RunnerChain(Pipeline pipeline, RunningProcess[] stages)
        : base(pipeline)
    {
        _stages = stages;
        _timedOut = new bool[stages.Length];
        StandardInput = pipeline.Stages[0].Command.StandardInput.Kind == StandardInputKind.KeptOpen
            ? new ProcessInputStream(stages[0].StandardInput)
            : null;
    }

    internal override int LastStageId => _stages[^1].Id;

    internal override Stream? StandardInput { get; }

    internal override Task<PipelineRecord> Completion => _completion ?? throw new InvalidOperationException("The chain has not begun.");

    /// <summary>Starts every stage through its runner, first to last; if one fails to start, those already started are disposed.</summary>
    /// <exception cref="NotSupportedException">A runner started a later stage without the open standard input its command asked for.</exception>
    internal static async Task<RunnerChain> StartAsync(Pipeline pipeline, IReadOnlyList<IProcessRunner> runners, CancellationToken cancellationToken)
    {
        var started = new List<RunningProcess>(runners.Count);
        try
        {
            for (var i = 0; i < runners.Count; i++)
            {
                var command = pipeline.Stages[i].Command;
                var process = await runners[i].StartAsync(i == 0 ? command : command.KeepStandardInputOpen(), cancellationToken).ConfigureAwait(false);
                started.Add(process);
                if (i > 0 || command.StandardInput.Kind == StandardInputKind.KeptOpen)
                {
                    ThrowIfInputClosed(process, runners[i], i);
                }
            }
        }
        catch
        {
            foreach (var process in started)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new RunnerChain(pipeline, [.. started]);
    }

    internal override void Begin(Action<OutputSource, string>? lineObserver, OutputLimit? defaultCapture)
    {
        // The capture bound is the runner's business: each stage is one of its started processes.
        if (lineObserver is not null)
        {
            for (var i = 0; i < _stages.Length; i++)
            {
                var isLast = i == _stages.Length - 1;
                _observers.Add(_stages[i].ObserveLines(
                    line =>
                    {
                        if (isLast || line.Source == OutputSource.StandardError)
                        {
                            lineObserver(line.Source, line.Text);
                        }
                    },
                    includeRecent: true));
            }
        }

        var copies = new Task[_stages.Length - 1];
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i] = CopyLinesAsync(_stages[i], _stages[i + 1]);
        }

        _completion = FinishAsync(copies);
    }

    internal override void Signal(int signal)
    {
        foreach (var stage in _stages)
        {
            stage.Signal(signal);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (StandardInput is not null)
        {
            await StandardInput.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var stage in _stages)
        {
            await stage.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var observer in _observers)
        {
            observer.Dispose();
        }

        DisarmDeadline();
    }

    protected override void CancelCore()
    {
        foreach (var stage in _stages)
        {
            stage.Kill();
        }
    }

    protected override Action<int>? Expire(TimeSpan grace)
    {
        var running = new List<RunningProcess>();
        lock (_gate)
        {
            for (var i = 0; i < _stages.Length; i++)
            {
                if (!_stages[i].HasExited)
                {
                    _timedOut[i] = true;
                    running.Add(_stages[i]);
                }
            }
        }

        return running.Count == 0 ? null : signal => running.ForEach(s => s.Signal(signal));
    }

    /// <summary>
    /// A stage after the first must have been started with an open standard input, or the
    /// previous stage's output could not reach it (and the first, when its command keeps it open,
    /// or the caller could not write to it); a runner that ignores that cannot run the pipeline.
    /// </summary>
    private static void ThrowIfInputClosed(RunningProcess process, IProcessRunner runner, int index)
    {
        try
        {
            _ = process.StandardInput;
        }
        catch (InvalidOperationException e)
        {
            throw new NotSupportedException(
                $"Stage {index + 1} of the pipeline ({process.Command}) was started by {runner.GetType().FullName} without an open standard input, " +
                "so it cannot be given its input. A runner that runs pipelines must honour Command.KeepStandardInputOpen() in StartAsync.", e);
        }
    }

    /// <summary>Writes each line of <paramref name="from"/>'s standard output to <paramref name="to"/>'s input, then closes that input.</summary>
    private static async Task CopyLinesAsync(RunningProcess from, RunningProcess to)
    {
        var input = to.StandardInput;
        try
        {
            await foreach (var line in from.StandardOutputLines.ConfigureAwait(false))
            {
                try
                {
                    await input.WriteLineAsync(line).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The next stage stopped reading while this one still writes: a broken pipe.
                    from.Signal(SignalNames.SigPipe);
                    return;
                }
            }
        }
        finally
        {
            await input.CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task<PipelineRecord> FinishAsync(Task[] copies)
    {
        ArmDeadline();
        try
        {
            foreach (var stage in _stages)
            {
                // A stage whose run failed (not one that merely exited non-zero) takes the chain down with it.
                _ = stage.Exited.ContinueWith(_ => CancelCore(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            var results = await Task.WhenAll(_stages.Select(s => s.Exited)).ConfigureAwait(false);
            await Task.WhenAll(copies).ConfigureAwait(false);
            var ends = new StageEnd[results.Length];
            for (var i = 0; i < results.Length; i++)
            {
                ends[i] = StageEnd.Of(StampTimeout(results[i], i), _stages[i].Command);
            }

            return new PipelineRecord(Pipeline, ends, Elapsed);
        }
        catch
        {
            // A stage's failure ends the wait before the copies between stages were awaited: one
            // of them may still fail, with nobody left to observe it.
            foreach (var copy in copies)
            {
                TaskFaults.Observe(copy);
            }

            throw;
        }
        finally
        {
            DisarmDeadline();
        }
    }

    /// <summary>A stage the pipeline's deadline stopped timed out, whatever its runner reported.</summary>
    private ProcessResult StampTimeout(ProcessResult result, int index)
    {
        bool timedOut;
        lock (_gate)
        {
            timedOut = _timedOut[index];
        }

        return !timedOut || result.TimedOut ? result : new ProcessResult(result, result.StandardOutput, result.StandardError) { ExitCode = null, TimedOut = true };
    }
}
