namespace ProcessKit;

/// <summary>
/// A pipeline of real processes: each stage is a <see cref="ProcessExecution"/> in one
/// <see cref="StageContainer"/>, and stage k's standard output is stage k+1's standard input
/// through a <see cref="StagePipe"/>. This process reads only the last stage's standard output
/// and every stage's standard error, and feeds only the first stage's input.
/// </summary>
internal sealed class KernelPipeChain : StageChain
{
    private readonly StageContainer _container;
    private readonly ProcessExecution[] _stages;
    private readonly Stream? _input;
    private readonly Lock _gate = new();
    private Task<PipelineRecord>? _completion;
    private bool _disposed;

    private KernelPipeChain(Pipeline pipeline, StageContainer container, ProcessExecution[] stages, Stream? input)
        : base(pipeline)
    {
        _container = container;
        _stages = stages;
        _input = input;
    }

    internal override int LastStageId => _stages[^1].ProcessId;

    internal override Stream? StandardInput => _input;

    internal override Task<PipelineRecord> Completion => _completion ?? throw new InvalidOperationException("The chain has not begun.");

    /// <summary>
    /// Plans every stage (so a missing program or directory throws before anything runs), then
    /// spawns them first to last, each into its own member of one container. If a spawn fails,
    /// the stages already running are killed and reaped before the failure is rethrown.
    /// </summary>
    internal static async Task<KernelPipeChain> StartAsync(Pipeline pipeline, Func<StageContainer> createContainer)
    {
        var commands = pipeline.Stages.Select(s => s.Command).ToArray();
        var plans = commands.Select(SpawnPlan.For).ToArray();
        var container = createContainer();
        var spawned = new List<ProcessExecution>(commands.Length);
        var pipes = new List<StagePipe>(commands.Length - 1);
        Stream? input = null;
        try
        {
            for (var i = 0; i < commands.Length; i++)
            {
                var plan = plans[i];
                var incoming = i > 0 ? pipes[^1] : null;
                var outgoing = i < commands.Length - 1 ? new StagePipe() : null;
                if (incoming is not null)
                {
                    plan = plan with { Input = StdioPlan.ForHandle(incoming.ReadEnd) };
                }

                if (outgoing is not null)
                {
                    pipes.Add(outgoing);
                    plan = plan with { Output = StdioPlan.ForHandle(outgoing.WriteEnd) };
                }

                var execution = ProcessExecution.Create(commands[i], container.AddStage());
                try
                {
                    var stdin = execution.Spawn(plan);
                    if (i == 0)
                    {
                        input = stdin;
                    }
                }
                catch
                {
                    execution.Dispose();
                    throw;
                }

                spawned.Add(execution);

                // The stage holds its own copies now: ours would keep a neighbour from ever seeing
                // end-of-file (or a broken pipe) when this stage's tree ends.
                incoming?.CloseReadEnd();
                outgoing?.CloseWriteEnd();
            }
        }
        catch
        {
            foreach (var pipe in pipes)
            {
                pipe.Dispose();
            }

            input?.Dispose();
            await AbandonAsync(spawned, container).ConfigureAwait(false);
            throw;
        }

        return new KernelPipeChain(pipeline, container, [.. spawned], input);
    }

    internal override void Begin(Action<OutputSource, string>? lineObserver, OutputLimit? defaultCapture)
    {
        foreach (var stage in _stages)
        {
            stage.Begin(lineObserver, defaultCapture);
        }

        _completion = FinishAsync();
    }

    internal override void Signal(int signal)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var stage in _stages)
            {
                stage.Signal(signal);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_completion is null)
        {
            Begin(lineObserver: null, defaultCapture: null); // reads and reaps what Cancel kills
        }

        if (!_completion!.IsCompleted)
        {
            Cancel();
        }

        await ((Task)_completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var stage in _stages)
        {
            stage.Dispose();
        }

        _container.Dispose();
    }

    protected override void CancelCore()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _container.KillAll();
            foreach (var stage in _stages)
            {
                stage.Cancel();
            }
        }
    }

    protected override Action<int>? Expire(TimeSpan grace)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            // Every running stage is marked before any is signalled: a stage that ends because its
            // neighbour was stopped ended by the deadline too.
            var running = _stages.Where(s => s.MarkTimedOut(grace)).ToList();
            return running.Count == 0 ? null : signal => SignalStages(running, signal);
        }
    }

    /// <summary>Signals <paramref name="stages"/>' trees unless the chain has been disposed meanwhile.</summary>
    private void SignalStages(List<ProcessExecution> stages, int signal)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                stages.ForEach(s => s.Signal(signal));
            }
        }
    }

    /// <summary>Stages that were spawned before a later spawn failed: killed, then read and reaped like any run.</summary>
    private static async Task AbandonAsync(List<ProcessExecution> spawned, StageContainer container)
    {
        container.KillAll();
        foreach (var stage in spawned)
        {
            stage.Begin(lineObserver: null, defaultCapture: null);
            stage.Cancel();
        }

        foreach (var stage in spawned)
        {
            await ((Task)stage.Completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stage.Dispose();
        }

        await container.SettleAsync().ConfigureAwait(false);
        container.Dispose();
    }

    private async Task<PipelineRecord> FinishAsync()
    {
        ArmDeadline();
        try
        {
            var completions = _stages.Select(s => s.Completion).ToArray();
            foreach (var completion in completions)
            {
                // A stage whose run failed (not one that merely exited non-zero) takes the chain down with it.
                _ = completion.ContinueWith(_ => KillAllQuietly(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            var records = await Task.WhenAll(completions).ConfigureAwait(false);
            return new PipelineRecord(Pipeline, [.. records.Select(StageEnd.Of)], Elapsed);
        }
        finally
        {
            DisarmDeadline();
            await _container.SettleAsync().ConfigureAwait(false);
        }
    }

    private void KillAllQuietly()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _container.KillAll();
            }
        }
    }
}
