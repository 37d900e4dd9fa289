using System.Collections.Concurrent;

namespace ProcessKit;

/// <summary>
/// A process started with <see cref="Command.StartAsync"/>: its output as lines while it runs,
/// its standard input when kept open, readiness waits, its exit, and its stop. Disposing it kills
/// and reaps its whole tree (or, in a shared <see cref="ProcessGroup"/>, only its own part).
/// </summary>
/// <remarks>
/// <para>
/// Each line is delivered once to whichever of <see cref="StandardOutputLines"/>,
/// <see cref="StandardErrorLines"/> and <see cref="Output"/> reads it; lines nobody has read yet
/// wait in a bounded buffer (<see cref="Command.WithUnreadLineBuffer"/>). Observers
/// (<see cref="ObserveLines"/>) and readiness probes see every line regardless. The pipes are
/// always drained, so a child never blocks on output nobody reads.
/// </para>
/// <para>
/// The class is abstract so that test doubles (in <c>ProcessKit.Testing</c>) can be started
/// processes too: a derived class publishes lines with <see cref="PublishLine"/>, ends with
/// <see cref="PublishExit"/>, and implements <see cref="Id"/>, <see cref="SignalCore"/> and
/// <see cref="DisposeCoreAsync"/>.
/// </para>
/// </remarks>
public abstract partial class RunningProcess : IAsyncDisposable, IDisposable
{
    private readonly LineStore _lines;
    private readonly ProcessInput? _input;
    private readonly TaskCompletionSource<ProcessResult> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _exitGate = new();
    private readonly List<Action<ProcessResult>> _exitCallbacks = [];
    private readonly ConcurrentQueue<Exception> _callbackFailures = new();
    private ProcessResult? _result;
    private int _disposed;

    /// <summary>Creates the shared part of a started process.</summary>
    /// <param name="command">The command that was started.</param>
    /// <param name="standardInput">
    /// A writable stream to the child's standard input when <paramref name="command"/> keeps it open
    /// (<see cref="Command.KeepStandardInputOpen"/>); it is owned, and closed on disposal.
    /// </param>
    protected RunningProcess(Command command, Stream? standardInput)
    {
        ArgumentNullException.ThrowIfNull(command);
        Command = command;
        _lines = new LineStore(command.UnreadLines, _callbackFailures.Enqueue);
        _input = standardInput is null ? null : new ProcessInput(standardInput, command.Encoding);
    }

    /// <summary>The command that was started.</summary>
    public Command Command { get; }

    /// <summary>The process id of the started program.</summary>
    public abstract int Id { get; }

    /// <summary>Unread lines of standard output, as they arrive; ends when the process has exited and its output is drained.</summary>
    public IAsyncEnumerable<string> StandardOutputLines => Texts(OutputSource.StandardOutput);

    /// <summary>Unread lines of standard error, as they arrive; ends when the process has exited and its output is drained.</summary>
    public IAsyncEnumerable<string> StandardErrorLines => Texts(OutputSource.StandardError);

    /// <summary>Unread lines of both streams, in the order they arrived, with their stream and time.</summary>
    public IAsyncEnumerable<OutputLine> Output => _lines.ReadAsync(stream: null);

    /// <summary>Lines dropped (or refused under <see cref="UnreadLinePolicy.Fail"/>) because the unread-line buffer was full.</summary>
    public long DroppedLineCount => _lines.DroppedCount;

    /// <summary>The last lines of both streams (up to 200), oldest first, whether read or not: what error messages show.</summary>
    public IReadOnlyList<OutputLine> RecentLines => _lines.Recent;

    /// <summary>
    /// Exceptions thrown by <see cref="OnExit"/> callbacks and line observers. They never break the
    /// process handle; they are kept here for the caller to check.
    /// </summary>
    public IReadOnlyCollection<Exception> CallbackFailures => _callbackFailures;

    /// <summary>The standard input, when the command kept it open.</summary>
    /// <exception cref="InvalidOperationException">The command did not call <see cref="Command.KeepStandardInputOpen"/>.</exception>
    public ProcessInput StandardInput => _input
        ?? throw new InvalidOperationException($"The standard input of {Command} is not open for writing: start a command made with KeepStandardInputOpen().");

    /// <summary>
    /// Completes with the result once the process has exited and its output is drained; faults as
    /// the one-shot verbs would throw (for example a line handler's exception).
    /// </summary>
    public Task<ProcessResult> Exited => _exited.Task;

    /// <summary>True once the process has exited and its output is drained.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Waits for the exit; see <see cref="Exited"/>.</summary>
    /// <param name="cancellationToken">Stops waiting; the process keeps running.</param>
    public Task<ProcessResult> WaitForExitAsync(CancellationToken cancellationToken = default) =>
        _exited.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="callback"/> once, after the exit (at once if it already happened). An
    /// exception it throws is kept in <see cref="CallbackFailures"/>, never rethrown. Not called
    /// when <see cref="Exited"/> faults, as there is no result to give.
    /// </summary>
    /// <param name="callback">Receives the result.</param>
    public void OnExit(Action<ProcessResult> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ProcessResult? result;
        lock (_exitGate)
        {
            result = _result;
            if (result is null && !_exited.Task.IsFaulted)
            {
                _exitCallbacks.Add(callback);
                return;
            }
        }

        if (result is not null)
        {
            RunCallback(callback, result);
        }
    }

    /// <summary>
    /// Calls <paramref name="observer"/> with every line of both streams as it arrives (first with
    /// <see cref="RecentLines"/> when <paramref name="includeRecent"/>), each line once, whether or
    /// not it is read elsewhere. The observer runs on the thread that reads the pipes, as each line
    /// is read: keep it quick and never block in it (hand slow work to a queue of your own). An
    /// exception it throws removes it and is kept in <see cref="CallbackFailures"/>.
    /// </summary>
    /// <param name="observer">Receives each line.</param>
    /// <param name="includeRecent">Replay the recent lines first, so nothing written before the call is missed.</param>
    /// <returns>Dispose it to stop observing.</returns>
    public IDisposable ObserveLines(Action<OutputLine> observer, bool includeRecent = true)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _lines.Observe(observer, includeRecent);
    }

    /// <summary>Kills the whole tree at once (SIGKILL). Harmless once the process has exited.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            SignalCore(SignalNames.SigKill);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a POSIX signal number) to the whole tree. Harmless once the process has exited.</summary>
    /// <param name="signal">The signal, for example 1 (SIGHUP) to make a server reload.</param>
    public void Signal(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        if (!HasExited)
        {
            SignalCore(signal);
        }
    }

    /// <summary>
    /// Stops the process gracefully: SIGTERM to the tree, then SIGKILL if it has not exited within
    /// <paramref name="grace"/> (measured on the command's <see cref="Command.TimeProvider"/>).
    /// </summary>
    /// <param name="grace">How long the tree may take to exit after SIGTERM.</param>
    /// <param name="cancellationToken">Stops waiting for the exit after the kill; the tree is killed regardless.</param>
    /// <returns>True when it exited within the grace (or had already exited); false when it had to be killed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grace"/> is negative or longer than about 49.7 days (the longest wait a timer takes).</exception>
    public async Task<bool> TerminateAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        // Checked before anything is signalled: a grace no timer can measure must not leave a SIGTERMed tree behind an exception.
        TimerLimit.ThrowIfInvalid(grace, nameof(grace), "The grace", allowZero: true, allowInfinite: false);
        if (HasExited)
        {
            return true;
        }

        SignalCore(SignalNames.SigTerm);
        var ended = WhenExitedQuietly();
        try
        {
            await ended.WaitAsync(grace, Command.TimeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            SignalCore(SignalNames.SigKill);
            await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Kills and reaps the whole tree, closes standard input, and waits until nothing of it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_input is not null)
        {
            await _input.CloseAsync().ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Synchronous twin of <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Command} (pid {Id}, {(HasExited ? "exited" : "running")})";

    /// <summary>Publishes one line of output, without its terminator. Call from one thread per stream.</summary>
    /// <param name="stream">The stream it came on.</param>
    /// <param name="text">The line.</param>
    protected void PublishLine(OutputSource stream, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _lines.Add(new OutputLine(stream, text, Command.TimeProvider.GetUtcNow()));
    }

    /// <summary>
    /// Publishes the end: no more lines will come, <see cref="OnExit"/> callbacks run, then
    /// <see cref="Exited"/> completes with <paramref name="result"/>. Only the first call counts.
    /// </summary>
    /// <param name="result">How the process ended, with its captured output.</param>
    protected void PublishExit(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _lines.Complete();
        Action<ProcessResult>[] callbacks;
        lock (_exitGate)
        {
            if (_result is not null || _exited.Task.IsCompleted)
            {
                return;
            }

            _result = result;
            callbacks = [.. _exitCallbacks];
            _exitCallbacks.Clear();
        }

        foreach (var callback in callbacks)
        {
            RunCallback(callback, result);
        }

        _exited.TrySetResult(result);
    }

    /// <summary>Publishes an end that is a failure (what a one-shot verb would have thrown); <see cref="Exited"/> faults with it.</summary>
    /// <param name="failure">The exception.</param>
    protected void PublishExitFailure(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        _lines.Complete();
        lock (_exitGate)
        {
            if (_result is not null || _exited.Task.IsCompleted)
            {
                return;
            }

            _exitCallbacks.Clear();
        }

        _exited.TrySetException(failure);

        // The failure is delivered to whoever awaits Exited; a caller who only disposes the
        // process never looks, and the fault must not surface later on the finalizer thread.
        TaskFaults.Observe(_exited.Task);
    }

    /// <summary>Sends <paramref name="signal"/> to the whole tree; must be harmless once it has exited.</summary>
    /// <param name="signal">A POSIX signal number (on Windows, any signal ends the tree).</param>
    protected abstract void SignalCore(int signal);

    /// <summary>Kills the whole tree, waits until it is gone and releases what the process holds. Called once.</summary>
    protected abstract ValueTask DisposeCoreAsync();

    /// <summary>Completes when the process has ended, whether <see cref="Exited"/> succeeded or faulted.</summary>
    private protected Task WhenExitedQuietly() => TaskFaults.WhenEnded(_exited.Task);

    private async IAsyncEnumerable<string> Texts(OutputSource stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in _lines.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Text;
        }
    }

    private void RunCallback(Action<ProcessResult> callback, ProcessResult result)
    {
        try
        {
            callback(result);
        }
#pragma warning disable CA1031 // A user callback may throw anything; the handle must stay usable.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _callbackFailures.Enqueue(e);
        }
    }
}
