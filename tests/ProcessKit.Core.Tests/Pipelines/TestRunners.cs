using System.Collections.Concurrent;
using System.Text;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// A runner other than the real one that still runs real processes (through it), recording what it
/// started. It names no placement, so a pipeline starts each stage through it and copies lines.
/// </summary>
internal sealed class DelegatingRunner : IProcessRunner
{
    private readonly ConcurrentQueue<Command> _started = new();

    public IReadOnlyList<Command> Started => [.. _started];

    public ProcessPlacement? Placement => null;

    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        ProcessRunner.Default.OutputAsync(command, verb, cancellationToken);

    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        ProcessRunner.Default.OutputBytesAsync(command, cancellationToken);

    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        _started.Enqueue(command);
        return ProcessRunner.Default.StartAsync(command, cancellationToken);
    }
}

/// <summary>
/// A double that never spawns: every command prints "canned output of PROGRAM" and exits 0, once
/// its standard input (when kept open) is closed. What each command was given is recorded.
/// </summary>
internal sealed class CannedRunner(bool honourInput = true) : IProcessRunner
{
    private readonly ConcurrentDictionary<string, InputRecorder> _inputs = new();

    public string InputOf(string program) => _inputs[program].Text;

    public ProcessPlacement? Placement => null;

    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        Task.FromResult(CannedProcess.ResultFor(command));

    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not needed by these tests.");

    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        InputRecorder? input = null;
        if (honourInput && command.StandardInput.Kind == StandardInputKind.KeptOpen)
        {
            input = _inputs[command.Program] = new InputRecorder();
        }

        return Task.FromResult<RunningProcess>(new CannedProcess(command, input));
    }

    private sealed class CannedProcess : RunningProcess
    {
        private static int _lastId = 1 << 30;

        public CannedProcess(Command command, InputRecorder? input)
            : base(command, input)
        {
            Id = Interlocked.Increment(ref _lastId);
            _ = PlayAsync(input);
        }

        public override int Id { get; }

        public static ProcessResult ResultFor(Command command) => new()
        {
            Program = command.Program,
            Arguments = command.Arguments,
            ExitCode = 0,
            StandardOutput = $"canned output of {command.Program}\n",
            StandardError = "",
        };

        protected override void SignalCore(int signal) => PublishExit(new ProcessResult
        {
            Program = Command.Program,
            Arguments = Command.Arguments,
            Signal = signal,
            StandardOutput = "",
            StandardError = "",
        });

        protected override ValueTask DisposeCoreAsync()
        {
            SignalCore(9);
            return ValueTask.CompletedTask;
        }

        private async Task PlayAsync(InputRecorder? input)
        {
            if (input is not null)
            {
                await input.Closed;
            }

            PublishLine(OutputSource.StandardOutput, $"canned output of {Command.Program}");
            PublishExit(ResultFor(Command));
        }
    }

    /// <summary>A writable stream that keeps what was written and says when it was closed.</summary>
    private sealed class InputRecorder : MemoryStream
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Closed => _closed.Task;

        public string Text => Encoding.UTF8.GetString(ToArray());

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult();
            // The bytes stay readable through ToArray after disposal.
            base.Dispose(disposing);
        }
    }
}
