namespace ProcessKit;

/// <summary>
/// A started pipeline as a <see cref="RunningProcess"/>: the last stage's standard output and
/// every stage's standard error as lines, the first stage's standard input when its command keeps
/// it open, and the pipeline's result (the reported stage's end; see <see cref="Pipeline"/>) at
/// the exit. Signals and disposal reach every stage's tree.
/// </summary>
internal sealed class PipelineProcess : RunningProcess
{
    private readonly StageChain _chain;

    private PipelineProcess(Command command, StageChain chain)
        : base(command, chain.StandardInput) => _chain = chain;

    /// <summary>The last stage's process id.</summary>
    public override int Id => _chain.LastStageId;

    /// <summary>Starts every stage of <paramref name="pipeline"/> and starts reading them.</summary>
    internal static async Task<RunningProcess> StartAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        var chain = await StageChain.StartAsync(pipeline, cancellationToken).ConfigureAwait(false);
        try
        {
            var process = new PipelineProcess(ShownCommand(pipeline), chain);
            chain.Begin(process.PublishLine, SpawnedProcess.DefaultCapture);
            _ = process.PublishEndAsync();
            return process;
        }
        catch
        {
            await chain.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override void SignalCore(int signal) => _chain.Signal(signal);

    protected override async ValueTask DisposeCoreAsync()
    {
        _chain.Cancel();
        await WhenExitedQuietly().ConfigureAwait(false);
        await _chain.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The command the process presents: the last stage's, whose lines it streams, on the
    /// pipeline's clock (line times, <see cref="RunningProcess.TerminateAsync"/>), and with the
    /// first stage's encoding when that stage's input is open, since that is what text written
    /// to <see cref="RunningProcess.StandardInput"/> reaches.
    /// </summary>
    private static Command ShownCommand(Pipeline pipeline)
    {
        var first = pipeline.Stages[0].Command;
        var shown = pipeline.Stages[^1].Command.WithTimeProvider(pipeline.TimeProvider);
        return first.StandardInput.Kind == StandardInputKind.KeptOpen ? shown.WithEncoding(first.Encoding) : shown;
    }

    private async Task PublishEndAsync()
    {
        try
        {
            var record = await _chain.Completion.ConfigureAwait(false);
            PublishExit(record.ToPipelineResult().ToProcessResult());
        }
#pragma warning disable CA1031 // Whatever ended the run is the result's fault, delivered through Exited.
        catch (Exception e)
#pragma warning restore CA1031
        {
            PublishExitFailure(e);
        }
    }
}
