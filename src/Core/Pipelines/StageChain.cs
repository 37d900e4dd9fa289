using System.Diagnostics;

namespace ProcessKit;

/// <summary>
/// The live stages of one run of a pipeline. It is started (every stage spawned and connected),
/// then begun (output read, input fed, the pipeline's deadline armed), and its
/// <see cref="Completion"/> is the record of every stage once all have ended. Two kinds: real
/// processes joined by kernel pipes (<see cref="KernelPipeChain"/>), and stages started through
/// another runner with their lines copied from one to the next (<see cref="RunnerChain"/>).
/// </summary>
internal abstract class StageChain : IAsyncDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private Deadline? _deadline;
    private int _cancelled;

    protected StageChain(Pipeline pipeline) => Pipeline = pipeline;

    protected Pipeline Pipeline { get; }

    /// <summary>The process id of the last stage.</summary>
    internal abstract int LastStageId { get; }

    /// <summary>
    /// The first stage's standard input when its command keeps it open, owned by the caller:
    /// closing it gives the first stage end-of-file.
    /// </summary>
    internal abstract Stream? StandardInput { get; }

    /// <summary>Every stage's end, once all have ended; set by <see cref="Begin"/>.</summary>
    internal abstract Task<PipelineRecord> Completion { get; }

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    internal bool WasCancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>Time since the chain was created, just before its first stage was spawned.</summary>
    protected TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// Starts every stage of <paramref name="pipeline"/> and connects them. Where the stages'
    /// runners (each command's own, else <see cref="ProcessRunner.Current"/>) say their processes
    /// live decides how: when every stage's runner names the same <see cref="ProcessPlacement"/>
    /// (the real runner, a <see cref="ProcessGroup"/>, or a runner wrapping one of them), kernel
    /// pipes in that place; otherwise (a test double) each runner's own started processes.
    /// </summary>
    internal static async Task<StageChain> StartAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        pipeline.ThrowIfCannotRun();
        var runners = pipeline.Stages.Select(s => s.Command.Runner ?? ProcessRunner.Current).ToArray();
        var placement = runners[0].Placement;
        return placement is not null && runners.All(r => ReferenceEquals(r.Placement, placement))
            ? await KernelPipeChain.StartAsync(pipeline, placement.CreateStageContainer).ConfigureAwait(false)
            : await RunnerChain.StartAsync(pipeline, runners, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts reading output, feeding input and the pipeline's deadline, and sets
    /// <see cref="Completion"/>. <paramref name="lineObserver"/> sees every line of the last
    /// stage's output and of every stage's standard error; <paramref name="defaultCapture"/>
    /// bounds the capture of a stage whose command sets no <see cref="OutputLimit"/>.
    /// </summary>
    internal abstract void Begin(Action<OutputSource, string>? lineObserver, OutputLimit? defaultCapture);

    /// <summary>Sends <paramref name="signal"/> to every stage's tree; harmless once they have ended.</summary>
    internal abstract void Signal(int signal);

    /// <summary>Kills every stage's tree; the run ends as cancelled.</summary>
    internal void Cancel()
    {
        Interlocked.Exchange(ref _cancelled, 1);
        CancelCore();
    }

    /// <summary>Kills what still runs and waits for the end, then releases everything the chain holds.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Kills every stage's tree.</summary>
    protected abstract void CancelCore();

    /// <summary>
    /// The pipeline's deadline has passed: every stage still running is marked timed out. Returns
    /// how to signal those stages (with their trees), or null when none is left; the
    /// <see cref="Deadline"/> sends the first signal and, after <paramref name="grace"/>, SIGKILL.
    /// </summary>
    protected abstract Action<int>? Expire(TimeSpan grace);

    /// <summary>Arms the pipeline's timeout, if it has one, on its clock.</summary>
    protected void ArmDeadline() => _deadline = Deadline.Arm(Pipeline.Timeout, Pipeline.TimeoutGrace, Pipeline.TimeProvider, Expire);

    /// <summary>Stops the deadline, and a grace that is running, once every stage has ended.</summary>
    protected void DisarmDeadline() => _deadline?.Dispose();
}
