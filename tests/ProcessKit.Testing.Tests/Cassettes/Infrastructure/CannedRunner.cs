namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>
/// The "real" runner behind a recorder in tests that need no process: each command answers with
/// a result computed from it (by default, its command line on stdout), and every call is counted,
/// so a test sees exactly which commands were really run and which were replayed.
/// </summary>
internal sealed class CannedRunner(Func<Command, ProcessResult>? answer = null) : IProcessRunner
{
    private readonly Func<Command, ProcessResult> _answer = answer ?? Echo;
    private int _calls;

    /// <summary>How many commands were really run.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>A successful result whose stdout is the command's program and arguments, space-separated, with a newline.</summary>
    public static ProcessResult Echo(Command command) => Result(command, string.Join(' ', [command.Program, .. command.Arguments]) + "\n");

    /// <summary>A result for <paramref name="command"/> with <paramref name="stdout"/>, <paramref name="stderr"/> and <paramref name="exitCode"/>.</summary>
    public static ProcessResult Result(Command command, string stdout, string stderr = "", int exitCode = 0) => new()
    {
        Program = command.Program,
        Arguments = command.Arguments,
        ExitCode = exitCode,
        Duration = TimeSpan.FromMilliseconds(12.5),
        StandardOutput = stdout,
        StandardError = stderr,
    };

    public ProcessPlacement? Placement => null;

    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_answer(command));
    }

    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var result = _answer(command);
        return Task.FromResult(new BytesResult
        {
            Program = result.Program,
            Arguments = result.Arguments,
            ExitCode = result.ExitCode,
            Duration = result.Duration,
            StandardOutput = command.Encoding.GetBytes(result.StandardOutput),
            StandardError = command.Encoding.GetBytes(result.StandardError),
        });
    }

    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var result = _answer(command);
        return Task.FromResult<RunningProcess>(ScriptedProcess.Start(command, new ProcessScript
        {
            Lines = [.. Lines(result.StandardOutput).Select(ScriptedLine.Out), .. Lines(result.StandardError).Select(ScriptedLine.Err)],
            Exit = ScriptedExit.WithCode(result.ExitCode ?? 0),
        }));
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
