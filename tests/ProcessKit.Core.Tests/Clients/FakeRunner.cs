using System.Collections.Concurrent;

namespace ProcessKit.Core.Tests.Clients;

/// <summary>
/// A tiny test double of our own: it never spawns, records every command it is handed, and
/// answers with a result made by a reply function (exit 0 and no output by default).
/// </summary>
internal sealed class FakeRunner(Func<Command, ProcessResult>? reply = null) : IProcessRunner
{
    private readonly ConcurrentQueue<(string Verb, Command Command)> _calls = new();
    private readonly Func<Command, ProcessResult> _reply = reply ?? (command => Result(command, 0));

    /// <summary>Every command handed to the runner, in order.</summary>
    public IReadOnlyList<Command> Commands => [.. _calls.Select(call => call.Command)];

    /// <summary>Which primitive each call used: "output", "bytes" or "start".</summary>
    public IReadOnlyList<string> Verbs => [.. _calls.Select(call => call.Verb)];

    /// <summary>A result for <paramref name="command"/> with the given exit code and standard output.</summary>
    public static ProcessResult Result(Command command, int exitCode, string standardOutput = "") => new()
    {
        Program = command.Program,
        Arguments = command.Arguments,
        ExitCode = exitCode,
        StandardOutput = standardOutput,
        StandardError = "",
        SuccessExitCodes = command.SuccessExitCodes,
    };

    public ProcessPlacement? Placement => null;

    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue(("output", command));
        return Task.FromResult(_reply(command));
    }

    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue(("bytes", command));
        var result = _reply(command);
        return Task.FromResult(new BytesResult
        {
            Program = result.Program,
            Arguments = result.Arguments,
            ExitCode = result.ExitCode,
            StandardOutput = command.Encoding.GetBytes(result.StandardOutput),
            StandardError = command.Encoding.GetBytes(result.StandardError),
            SuccessExitCodes = result.SuccessExitCodes,
            Encoding = command.Encoding,
        });
    }

    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue(("start", command));
        return Task.FromResult<RunningProcess>(new FinishedProcess(command, _reply(command)));
    }

    /// <summary>A started process that has already printed its output and exited.</summary>
    private sealed class FinishedProcess : RunningProcess
    {
        public FinishedProcess(Command command, ProcessResult result)
            : base(command, standardInput: null)
        {
            foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                PublishLine(OutputSource.StandardOutput, line);
            }

            PublishExit(result);
        }

        public override int Id => 0;

        protected override void SignalCore(int signal)
        {
        }

        protected override ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
    }
}
