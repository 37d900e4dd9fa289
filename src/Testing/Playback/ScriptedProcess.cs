namespace ProcessKit.Testing;

/// <summary>
/// A started process that never spawned anything: it plays a <see cref="ProcessScript"/> (lines
/// after their delays on the command's <see cref="Command.TimeProvider"/>, answers to standard
/// input, then its end) through the same <see cref="RunningProcess"/> surface as a real one, so
/// streaming, readiness waits, conversations and stops can be tested without a process.
/// </summary>
/// <remarks>
/// Like a real run, it honours the command's <see cref="Command.Timeout"/> (on the command's clock):
/// if the script has not ended by then, it ends timed out. A command's text or bytes input is read
/// line by line by the script's dialog, then closed; a kept-open input
/// (<see cref="Command.KeepStandardInputOpen"/>) is the caller's to write and close. Any signal ends
/// it with that signal (<see cref="RunningProcess.TerminateAsync"/> therefore returns true). Its
/// <see cref="Id"/> is a fake, never a real process id.
/// </remarks>
public sealed class ScriptedProcess : RunningProcess
{
    private const int FirstFakeId = 1 << 30;
    private static int _lastId = FirstFakeId;

    private readonly ProcessScript _script;
    private readonly Lock _gate = new();
    private readonly SimulatedOutputStream _standardOutput;
    private readonly SimulatedOutputStream _standardError;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _inputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _started;
    private Deadline? _timeout;
    private bool _ended;

    private ScriptedProcess(Command command, ProcessScript script, Stream? input, OutputLimit? defaultCapture)
        : base(command, input)
    {
        _script = script;
        _started = command.TimeProvider.GetUtcNow();
        Id = Interlocked.Increment(ref _lastId);

        // Each stream goes where a real child's would: a line handler, a file, discarded, ...
        var limit = command.OutputLimit ?? defaultCapture;
        _standardOutput = SimulatedOutputStream.Open(command, command.StandardOutput, limit, Console.OpenStandardOutput);
        _standardError = SimulatedOutputStream.Open(command, command.StandardError, limit, Console.OpenStandardError);
    }

    /// <inheritdoc />
    public override int Id { get; }

    /// <summary>Starts playing <paramref name="script"/> as the run of <paramref name="command"/>.</summary>
    /// <param name="command">The command it stands for (its program, arguments, input, encoding, clock, timeout and success codes are used).</param>
    /// <param name="script">What it does.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ScriptedProcess Start(Command command, ProcessScript script)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(script);
        return Start(command, script, keepInputOpen: command.KeepsStandardInputOpen, SpawnedProcess.DefaultCapture);
    }

    /// <summary>
    /// Plays <paramref name="script"/> as a one-shot verb (<see cref="Command.OutputAsync"/>) runs
    /// <paramref name="command"/>: its text or bytes input is read by the dialog, a kept-open input
    /// reads end-of-file at once, and the result comes when the script ends (or the command's timeout
    /// expires).
    /// </summary>
    /// <param name="command">The command it stands for.</param>
    /// <param name="script">What it does.</param>
    /// <param name="cancellationToken">Cancels the run: the scripted process is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <returns>The result, with the lines written as its output.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ProcessResult> RunToEndAsync(Command command, ProcessScript script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(script);
        cancellationToken.ThrowIfCancellationRequested();
        await using var process = Start(command, script, keepInputOpen: false, defaultCapture: null);
        return await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void SignalCore(int signal) => End(exitCode: null, signal, timedOut: false);

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        End(exitCode: null, signal: SignalNames.SigKill, timedOut: false);
        await ((Task)Exited).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <param name="command">The command it stands for.</param>
    /// <param name="script">What it does.</param>
    /// <param name="keepInputOpen">True for a kept-open input the caller writes.</param>
    /// <param name="defaultCapture">The capture's limit when the command sets none: a started process's, as the real runner's, or none for a one-shot run.</param>
    private static ScriptedProcess Start(Command command, ProcessScript script, bool keepInputOpen, OutputLimit? defaultCapture)
    {
        ScriptedProcess? process = null;
        var fixedInput = keepInputOpen ? null : FixedInput(command);
        var input = keepInputOpen || fixedInput is not null
            ? new DialogInputStream(command.Encoding, line => process!.Answer(line), () => process!._inputClosed.TrySetResult())
            : null;
        process = new ScriptedProcess(command, script, keepInputOpen ? input : null, defaultCapture);
        if (input is null)
        {
            process._inputClosed.TrySetResult();
        }

        process.StartTimeout();
        _ = process.PlayAsync();
        if (fixedInput is { } bytes)
        {
            // Read as the child would read it: the whole input, then end-of-file.
            input!.Write(bytes.Span);
            input.Dispose();
        }

        return process;
    }

    /// <summary>The input a one-shot run feeds, in the command's encoding (which the dialog decodes with).</summary>
    private static ReadOnlyMemory<byte>? FixedInput(Command command) =>
        command.StandardInput.Text is { } text ? command.Encoding.GetBytes(text) : command.StandardInputBytes;

    /// <summary>
    /// Arms the command's <see cref="Deadline"/>. A script obeys the first stop signal, so the
    /// run ends timed out with it and the grace never needs its SIGKILL.
    /// </summary>
    private void StartTimeout()
    {
        var deadline = Deadline.Arm(Command.Timeout, Command.TimeoutGrace, Command.TimeProvider, _ => signal => End(exitCode: null, signal, timedOut: true));
        lock (_gate)
        {
            if (_ended)
            {
                deadline?.Dispose();
                return;
            }

            _timeout = deadline;
        }
    }

    private async Task PlayAsync()
    {
        var clock = Command.TimeProvider;
        try
        {
            // Each line is due at a point on the clock (the start plus the delays so far), not a
            // delay after the previous write: a clock moved on before the wait began still counts.
            var due = _started;
            foreach (var line in _script.Lines)
            {
                due += line.Delay;
                var remaining = due - clock.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, clock, _stop.Token).ConfigureAwait(false);
                }

                Write(line.Source, line.Text);
            }

            switch (_script.Exit.Kind)
            {
                case ScriptedExitKind.WhenStopped:
                    return; // a signal, the timeout or the disposal ends it
                case ScriptedExitKind.WhenInputCloses:
                    await _inputClosed.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                    End(_script.Exit.Code, signal: null, timedOut: false);
                    return;
                case ScriptedExitKind.Signal:
                    End(exitCode: null, _script.Exit.Signal, timedOut: false);
                    return;
                case ScriptedExitKind.TimedOut:
                    End(exitCode: null, Deadline.FirstSignal(Command.TimeoutGrace), timedOut: true);
                    return;
                default:
                    End(_script.Exit.Code, signal: null, timedOut: false);
                    return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by a signal, the timeout or the disposal: End already published the result.
        }
    }

    private void Answer(string line)
    {
        if (_script.Dialog is not { } dialog)
        {
            return;
        }

        foreach (var reply in dialog(line))
        {
            Write(OutputSource.StandardOutput, reply);
        }
    }

    private void Write(OutputSource source, string text)
    {
        bool piped;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            var stream = source == OutputSource.StandardOutput ? _standardOutput : _standardError;
            stream.Write(Command.Encoding.GetBytes(text + "\n"));
            piped = stream.IsPiped;
        }

        // A stream sent to a file or discarded has no lines to show, as a real child's has no pipe.
        if (piped)
        {
            PublishLine(source, text);
        }
    }

    private void End(int? exitCode, int? signal, bool timedOut)
    {
        ExecutionRecord record;
        Deadline? timeout;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            timeout = _timeout;
            record = SimulatedExecution.Record(
                Command, exitCode, signal, timedOut, _standardOutput.Complete(), _standardError.Complete(), Command.TimeProvider.GetUtcNow() - _started);
        }

        timeout?.Dispose();
        _stop.Cancel();
        var handled = Task.WhenAll(record.Output?.HandlerDone ?? Task.CompletedTask, record.Error?.HandlerDone ?? Task.CompletedTask);
        if (handled.IsCompleted)
        {
            Publish(record);
        }
        else
        {
            // A line handler is still at work: the end is published once it has had every line.
            _ = handled.ContinueWith(_ => Publish(record), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>The result, shaped as after a real run: a line handler's failure or an overflow under <see cref="OverflowPolicy.Error"/> faults <see cref="RunningProcess.Exited"/>.</summary>
    private void Publish(ExecutionRecord record)
    {
        ProcessResult result;
        try
        {
            result = record.ToProcessResult();
        }
#pragma warning disable CA1031 // Whatever ended the run is the result's fault, delivered through Exited.
        catch (Exception e)
#pragma warning restore CA1031
        {
            PublishExitFailure(e);
            return;
        }

        PublishExit(result);
    }
}
