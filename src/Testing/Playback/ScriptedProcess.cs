using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// A started process that never spawned anything: it plays a <see cref="ProcessScript"/> (lines
/// after their delays on the command's <see cref="Command.TimeProvider"/>, answers to standard
/// input, then its end) through the same <see cref="RunningProcess"/> surface as a real one, so
/// streaming, readiness waits, conversations and stops can be tested without a process. Any
/// signal ends it with that signal (<see cref="RunningProcess.TerminateAsync"/> therefore returns
/// true). Its <see cref="Id"/> is a fake, never a real process id.
/// </summary>
public sealed class ScriptedProcess : RunningProcess
{
    private const int FirstFakeId = 1 << 30;
    private static int _lastId = FirstFakeId;

    private readonly ProcessScript _script;
    private readonly Lock _gate = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _inputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _started;
    private bool _ended;

    private ScriptedProcess(Command command, ProcessScript script, Stream? input)
        : base(command, input)
    {
        _script = script;
        _started = command.TimeProvider.GetUtcNow();
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <inheritdoc />
    public override int Id { get; }

    /// <summary>Starts playing <paramref name="script"/> as the run of <paramref name="command"/>.</summary>
    /// <param name="command">The command it stands for (its program, arguments, encoding, clock and success codes are used).</param>
    /// <param name="script">What it does.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ScriptedProcess Start(Command command, ProcessScript script)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(script);
        ScriptedProcess? process = null;
        var input = command.KeepsStandardInputOpen
            ? new DialogInputStream(command.Encoding, line => process!.Answer(line), () => process!._inputClosed.TrySetResult())
            : null;
        process = new ScriptedProcess(command, script, input);
        if (input is null)
        {
            process._inputClosed.TrySetResult();
        }

        _ = process.PlayAsync();
        return process;
    }

    /// <inheritdoc />
    protected override void SignalCore(int signal) => End(exitCode: null, signal, timedOut: false);

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        End(exitCode: null, signal: 9, timedOut: false);
        await Exited.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PlayAsync()
    {
        var clock = Command.TimeProvider;
        try
        {
            foreach (var line in _script.Lines)
            {
                if (line.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(line.Delay, clock, _stop.Token).ConfigureAwait(false);
                }

                Write(line.Source, line.Text);
            }

            switch (_script.Exit.Kind)
            {
                case ScriptedExitKind.WhenStopped:
                    return; // a signal or the disposal ends it
                case ScriptedExitKind.WhenInputCloses:
                    await _inputClosed.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                    End(_script.Exit.Code, signal: null, timedOut: false);
                    return;
                case ScriptedExitKind.Signal:
                    End(exitCode: null, _script.Exit.Signal, timedOut: false);
                    return;
                case ScriptedExitKind.TimedOut:
                    End(exitCode: null, signal: null, timedOut: true);
                    return;
                default:
                    End(_script.Exit.Code, signal: null, timedOut: false);
                    return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by a signal or the disposal: End already published the result.
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
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            (source == OutputSource.StandardOutput ? _standardOutput : _standardError).Append(text).Append('\n');
        }

        PublishLine(source, text);
    }

    private void End(int? exitCode, int? signal, bool timedOut)
    {
        ProcessResult result;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            result = new ProcessResult
            {
                Program = Command.Program,
                Arguments = Command.Arguments,
                ExitCode = exitCode,
                Signal = signal,
                TimedOut = timedOut,
                Duration = Command.TimeProvider.GetUtcNow() - _started,
                SuccessExitCodes = Command.SuccessExitCodes,
                StandardOutput = _standardOutput.ToString(),
                StandardError = _standardError.ToString(),
            };
        }

        _stop.Cancel();
        PublishExit(result);
    }
}
