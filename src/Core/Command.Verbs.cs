namespace ProcessKit;

/// <summary>
/// The verbs: each runs the command once through its runner (<see cref="Runner"/>, else
/// <see cref="ProcessRunner.Current"/>: a private container unless a test double or a group is in
/// charge) and returns what its name says.
/// </summary>
public sealed partial class Command
{
    /// <summary>
    /// Runs the command and returns its standard output with leading and trailing whitespace
    /// removed. For <c>git rev-parse HEAD</c> and other tools whose answer is their output.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: the whole process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The process did not exit with a success code.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<string> RunAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.RunAsync(this, cancellationToken);

    /// <summary>
    /// Runs the command and returns everything that happened as data: a non-zero exit or a timeout
    /// does not throw (see <see cref="ProcessOutcome.IsSuccess"/>, <see cref="ProcessOutcome.TimedOut"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: the whole process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessNotFoundException">The program was not found.</exception>
    /// <exception cref="ProcessPermissionException">The program may not be executed.</exception>
    /// <exception cref="WorkingDirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">The working directory is a file, not a directory.</exception>
    /// <exception cref="ProcessSpawnException">The operating system refused to start the process.</exception>
    /// <exception cref="OutputTooLargeException">Output passed the limit under <see cref="OverflowPolicy.Error"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ProcessResult> OutputAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.OutputAsync(this, ProcessVerb.Output, cancellationToken);

    /// <summary>Like <see cref="OutputAsync"/>, with standard output and standard error as raw bytes.</summary>
    /// <param name="cancellationToken">Cancels the run: the whole process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<BytesResult> OutputBytesAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.OutputBytesAsync(this, cancellationToken);

    /// <summary>
    /// Runs the command and returns its exit code, whatever it is. A process killed by a signal has
    /// no exit code: that throws, and so does a timeout; no code is ever invented.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: the whole process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The process was killed by a signal or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<int> ExitCodeAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.ExitCodeAsync(this, cancellationToken);

    /// <summary>
    /// Runs a command that answers yes or no by its exit code, like <c>grep -q</c> or
    /// <c>git diff --quiet</c>: 0 is true, 1 is false, anything else throws.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run: the whole process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ProcessExitException">The process exited with a code other than 0 or 1, was killed by a signal, or its status was lost.</exception>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    /// <inheritdoc cref="OutputAsync" path="/exception"/>
    public Task<bool> ProbeAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.ProbeAsync(this, cancellationToken);

    /// <summary>
    /// Starts the command and returns at once with the live process: read its output line by line
    /// as it comes, talk to it on standard input (<see cref="KeepStandardInputOpen"/>), wait until it
    /// is ready, then wait for its exit, stop it,
    /// or dispose it, which kills and reaps its whole tree.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start only: once started, the process lives until it exits, is stopped or is disposed.</param>
    /// <exception cref="ProcessNotFoundException">The program was not found.</exception>
    /// <exception cref="ProcessPermissionException">The program may not be executed.</exception>
    /// <exception cref="WorkingDirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">The working directory is a file, not a directory.</exception>
    /// <exception cref="ProcessSpawnException">The operating system refused to start the process.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the process started.</exception>
    public Task<RunningProcess> StartAsync(CancellationToken cancellationToken = default)
        => EffectiveRunner.StartAsync(this, cancellationToken);

    /// <summary>Synchronous twin of <see cref="RunAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public string Run(CancellationToken cancellationToken = default) => RunAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public ProcessResult Output(CancellationToken cancellationToken = default) => OutputAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public BytesResult OutputBytes(CancellationToken cancellationToken = default) => OutputBytesAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public int ExitCode(CancellationToken cancellationToken = default) => ExitCodeAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous twin of <see cref="ProbeAsync"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public bool Probe(CancellationToken cancellationToken = default) => ProbeAsync(cancellationToken).GetAwaiter().GetResult();

    private IProcessRunner EffectiveRunner => Runner ?? ProcessRunner.Current;
}
