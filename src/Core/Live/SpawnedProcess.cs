namespace ProcessKit;

/// <summary>
/// A real started process: a <see cref="ProcessExecution"/> whose lines feed the
/// <see cref="RunningProcess"/> views and whose end publishes the result. It owns its container
/// (a private one, or its membership of a shared <see cref="ProcessGroup"/>) until disposed.
/// </summary>
internal sealed class SpawnedProcess : RunningProcess
{
    /// <summary>
    /// When the command sets no <see cref="OutputLimit"/>, a started process keeps only the last
    /// 1 MiB of each stream for its result: it may run for hours, and its lines are read as they come.
    /// </summary>
    internal static readonly OutputLimit DefaultCapture = new(maxBytes: 1024 * 1024, overflow: OverflowPolicy.DropOldest);

    private readonly ProcessExecution _execution;
    private readonly Containment _containment;
    private readonly int _id;

    private SpawnedProcess(Command command, ProcessExecution execution, Containment containment, Stream? standardInput)
        : base(command, standardInput)
    {
        _execution = execution;
        _containment = containment;
        _id = execution.ProcessId;
    }

    /// <inheritdoc />
    public override int Id => _id;

    /// <summary>
    /// <see cref="Start"/> as a runner's <c>StartAsync</c>: a spawn failure (or bad input) is
    /// delivered through the task, as an async method would.
    /// </summary>
    internal static Task<RunningProcess> StartAsTask(Command command, Func<Containment> createContainment, CancellationToken cancellationToken)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(command);
            return Task.FromResult<RunningProcess>(Start(command, createContainment, cancellationToken));
        }
#pragma warning disable CA1031 // Delivered through the task, as an async method would.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<RunningProcess>(e);
        }
    }

    /// <summary>Spawns <paramref name="command"/> in a container from <paramref name="createContainment"/> and starts reading it.</summary>
    internal static SpawnedProcess Start(Command command, Func<Containment> createContainment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var plan = SpawnPlan.For(command);
        var containment = createContainment();
        ProcessExecution? execution = null;
        try
        {
            execution = ProcessExecution.Create(command, containment);
            var stdin = execution.Spawn(plan);
            var process = new SpawnedProcess(command, execution, containment, stdin);
            execution.Begin(process.PublishLine, DefaultCapture);
            _ = process.PublishEndAsync();
            return process;
        }
        catch
        {
            execution?.Dispose();
            containment.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void SignalCore(int signal) => _execution.Signal(signal);

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        _execution.Cancel();
        await WhenExitedQuietly().ConfigureAwait(false);
        _execution.Dispose();
        _containment.Dispose();
    }

    private async Task PublishEndAsync()
    {
        try
        {
            var record = await _execution.Completion.ConfigureAwait(false);
            PublishExit(record.ToProcessResult());
        }
#pragma warning disable CA1031 // Whatever ended the run is the result's fault, delivered through Exited.
        catch (Exception e)
#pragma warning restore CA1031
        {
            PublishExitFailure(e);
        }
    }
}
