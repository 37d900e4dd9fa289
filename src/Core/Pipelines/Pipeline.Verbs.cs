namespace ProcessKit;

/// <summary>
/// The verbs, with the same names, results and exceptions as <see cref="Command"/>'s. The stages'
/// runner (each command's <see cref="Command.Runner"/>, else <see cref="ProcessRunner.Current"/>)
/// decides how they run: the real runner joins them by kernel pipes in a private container, a
/// <see cref="ProcessGroup"/> joins them by kernel pipes as its members, and any other runner (a
/// test double) starts each stage itself while each line of output is copied to the next stage.
/// </summary>
public sealed partial class Pipeline
{
    /// <summary>
    /// Runs the pipeline and returns the last stage's standard output with leading and trailing
    /// whitespace removed; throws for the reported stage (see <see cref="Pipeline"/>) when it did
    /// not succeed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: every stage's tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The reported stage did not exit with a success code.</exception>
    /// <exception cref="ProcessTimeoutException">The pipeline (or the reported stage) timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<string> RunAsync(CancellationToken cancellationToken = default) =>
        OutputAsync(cancellationToken).TrimmedOutput(static result => result.StandardOutput);

    /// <summary>
    /// Runs the pipeline and returns everything that happened as data: a failing stage or a
    /// timeout does not throw (see <see cref="ProcessOutcome.IsSuccess"/> and <see cref="PipelineResult.Stages"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: every stage's tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessNotFoundException">A stage's program was not found (nothing was started).</exception>
    /// <exception cref="ProcessPermissionException">A stage's program may not be executed.</exception>
    /// <exception cref="WorkingDirectoryNotFoundException">A stage's working directory does not exist (nothing was started).</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">A stage's working directory is a file, not a directory (nothing was started).</exception>
    /// <exception cref="ProcessSpawnException">The operating system refused to start a stage (the stages already started are killed first).</exception>
    /// <exception cref="OutputTooLargeException">A stage's output passed its limit under <see cref="OverflowPolicy.Error"/>.</exception>
    /// <exception cref="InvalidOperationException">The last stage is allowed to fail.</exception>
    /// <exception cref="NotSupportedException">A stage's runner started it without the open standard input the pipeline needs.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PipelineResult> OutputAsync(CancellationToken cancellationToken = default)
    {
        var record = await RunToEndAsync(cancellationToken).ConfigureAwait(false);
        return record.ToPipelineResult();
    }

    /// <summary>Like <see cref="OutputAsync"/>, with standard output and standard error as raw bytes.</summary>
    /// <param name="cancellationToken">Cancels the run: every stage's tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public async Task<PipelineBytesResult> OutputBytesAsync(CancellationToken cancellationToken = default)
    {
        var record = await RunToEndAsync(cancellationToken).ConfigureAwait(false);
        return record.ToBytesResult();
    }

    /// <summary>
    /// Runs the pipeline and returns the reported stage's exit code, whatever it is. A stage killed
    /// by a signal has no exit code: that throws, and so does a timeout.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: every stage's tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The reported stage was killed by a signal or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The pipeline (or the reported stage) timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<int> ExitCodeAsync(CancellationToken cancellationToken = default) =>
        OutputAsync(cancellationToken).ExitCode();

    /// <summary>
    /// Runs a pipeline that answers yes or no by the reported stage's exit code, like
    /// <c>producer | grep -q pattern</c>: 0 is true, 1 is false, anything else throws.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: every stage's tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The reported stage exited with a code other than 0 or 1, was killed by a signal, or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The pipeline (or the reported stage) timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<bool> ProbeAsync(CancellationToken cancellationToken = default) =>
        OutputAsync(cancellationToken).Answer();

    /// <summary>
    /// Starts the pipeline and returns at once with it live, as one <see cref="RunningProcess"/>:
    /// its lines are the last stage's standard output and every stage's standard error, its
    /// <see cref="RunningProcess.StandardInput"/> is the first stage's (when that command keeps it
    /// open), its <see cref="RunningProcess.Id"/> and <see cref="RunningProcess.Command"/> are the
    /// last stage's (the command on the pipeline's clock), and its result is the pipeline's, as
    /// <see cref="OutputAsync"/> reports it. Signals, <see cref="RunningProcess.Kill"/>,
    /// <see cref="RunningProcess.TerminateAsync"/> and disposal reach every stage's tree. The
    /// pipeline's timeout applies.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start only: once started, the pipeline lives until it ends, is stopped or is disposed.</param>
    /// <exception cref="ProcessNotFoundException">A stage's program was not found (nothing was started).</exception>
    /// <exception cref="ProcessPermissionException">A stage's program may not be executed.</exception>
    /// <exception cref="WorkingDirectoryNotFoundException">A stage's working directory does not exist (nothing was started).</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">A stage's working directory is a file, not a directory (nothing was started).</exception>
    /// <exception cref="ProcessSpawnException">The operating system refused to start a stage (the stages already started are killed first).</exception>
    /// <exception cref="InvalidOperationException">The last stage is allowed to fail.</exception>
    /// <exception cref="NotSupportedException">A stage's runner started it without the open standard input the pipeline needs.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the pipeline started.</exception>
    public Task<RunningProcess> StartAsync(CancellationToken cancellationToken = default) =>
        PipelineProcess.StartAsync(this, cancellationToken);

    /// <summary>Synchronous twin of <see cref="RunAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public string Run(CancellationToken cancellationToken = default) => RunAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public PipelineResult Output(CancellationToken cancellationToken = default) => OutputAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public PipelineBytesResult OutputBytes(CancellationToken cancellationToken = default) => OutputBytesAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public int ExitCode(CancellationToken cancellationToken = default) => ExitCodeAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ProbeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public bool Probe(CancellationToken cancellationToken = default) => ProbeAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Starts the stages, lets them run to their end (nobody writes to a kept-open input), and returns their record.</summary>
    private async Task<PipelineRecord> RunToEndAsync(CancellationToken cancellationToken)
    {
        var chain = await StageChain.StartAsync(this, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            if (chain.StandardInput is { } input)
            {
                await input.DisposeAsync().ConfigureAwait(false); // a one-shot run cannot write: end-of-file at once
            }

            chain.Begin(lineObserver: null, defaultCapture: null);
            PipelineRecord record;
            using (cancellationToken.Register(static state => ((StageChain)state!).Cancel(), chain))
            {
                record = await chain.Completion.ConfigureAwait(false);
            }

            if (chain.WasCancelled)
            {
                throw new OperationCanceledException($"The pipeline {this} was cancelled and its process trees were killed.", cancellationToken);
            }

            return record;
        }
    }
}
