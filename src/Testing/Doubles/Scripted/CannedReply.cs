using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>A reply that has ended before anyone asks: fixed output (text or bytes) and a fixed end.</summary>
internal sealed class CannedReply : ScriptedReply
{
    private readonly string? _outputText;
    private readonly string? _errorText;
    private readonly ReadOnlyMemory<byte> _outputBytes;
    private readonly ReadOnlyMemory<byte> _errorBytes;
    private readonly int? _exitCode;
    private readonly int? _signal;
    private readonly bool _timedOut;

    private CannedReply(string? outputText, string? errorText, ReadOnlyMemory<byte> outputBytes, ReadOnlyMemory<byte> errorBytes, int? exitCode, int? signal, bool timedOut)
    {
        _outputText = outputText;
        _errorText = errorText;
        _outputBytes = outputBytes;
        _errorBytes = errorBytes;
        _exitCode = exitCode;
        _signal = signal;
        _timedOut = timedOut;
    }

    internal static CannedReply Text(string standardOutput, string standardError, int? exitCode, int? signal = null, bool timedOut = false)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);
        return new CannedReply(standardOutput, standardError, default, default, exitCode, signal, timedOut);
    }

    internal static CannedReply Raw(ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError, int exitCode) =>
        new(null, null, standardOutput, standardError, exitCode, signal: null, timedOut: false);

    public override string ToString()
    {
        var end = (_timedOut, _signal, _exitCode) switch
        {
            (true, _, _) => "timed out",
            (_, { } signal, _) => string.Create(CultureInfo.InvariantCulture, $"killed by signal {signal}"),
            (_, _, { } code) => string.Create(CultureInfo.InvariantCulture, $"exit {code}"),
            _ => "ended",
        };
        var size = (_outputText?.Length ?? _outputBytes.Length) + (_errorText?.Length ?? _errorBytes.Length);
        return size == 0 ? end : string.Create(CultureInfo.InvariantCulture, $"{end}, {size} {(_outputText is null ? "bytes" : "characters")} of output");
    }

    // A command that captures both streams without a limit gets its output as written: the reply
    // is the result at once, with no delivery (which would cost a capture buffer per call).
    internal override Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken) =>
        SimulatedExecution.KeepsOutputAsWritten(command)
            ? Task.FromResult(new ProcessResult(Ending(command), OutputText(command), ErrorText(command)))
            : DeliveredAsync(command, static record => record.ToProcessResult());

    internal override Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken) =>
        SimulatedExecution.KeepsOutputAsWritten(command)
            ? Task.FromResult(new BytesResult(Ending(command), OutputBytes(command), ErrorBytes(command), command.Encoding))
            : DeliveredAsync(command, static record => record.ToBytesResult());

    internal override Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken)
    {
        var exit = (_timedOut, _signal, _exitCode) switch
        {
            (true, _, _) => ScriptedExit.TimedOut,
            (_, { } signal, _) => ScriptedExit.KilledBy(signal),
            (_, _, var code) => ScriptedExit.WithCode(code ?? 0),
        };
        var script = ProcessScript.FromOutput(OutputText(command), ErrorText(command), exit);
        return Task.FromResult<RunningProcess>(ScriptedProcess.Start(command, script));
    }

    /// <summary>
    /// The run as the real runner would have recorded it: the output delivered to the command's
    /// targets and within its limit, so the verb returns or throws as after a real child.
    /// </summary>
    private async Task<T> DeliveredAsync<T>(Command command, Func<ExecutionRecord, T> shape)
    {
        var record = await SimulatedExecution.RecordAsync(
            command, _exitCode, Signal(command), _timedOut, Duration(command), OutputBytes(command), ErrorBytes(command)).ConfigureAwait(false);
        return shape(record);
    }

    /// <summary>How the canned run ended, as a real run with this end would report it.</summary>
    private OutcomeStatus Ending(Command command) => new()
    {
        Program = command.Program,
        Arguments = command.Arguments,
        ExitCode = _timedOut ? null : _exitCode,
        Signal = Signal(command),
        TimedOut = _timedOut,
        Duration = Duration(command),
        SuccessExitCodes = command.SuccessExitCodes,
    };

    private string OutputText(Command command) => _outputText ?? command.Encoding.GetString(_outputBytes.Span);

    private string ErrorText(Command command) => _errorText ?? command.Encoding.GetString(_errorBytes.Span);

    private ReadOnlyMemory<byte> OutputBytes(Command command) => _outputText is null ? _outputBytes : command.Encoding.GetBytes(_outputText);

    private ReadOnlyMemory<byte> ErrorBytes(Command command) => _errorText is null ? _errorBytes : command.Encoding.GetBytes(_errorText);

    /// <summary>A timed-out run was stopped by the signal the real runner sends last.</summary>
    private int? Signal(Command command) => _timedOut ? Deadline.FirstSignal(command.TimeoutGrace) : _signal;

    /// <summary>A timed-out run lasted as long as its timeout; any other canned run took no time.</summary>
    private TimeSpan Duration(Command command) => _timedOut ? command.Timeout ?? TimeSpan.Zero : TimeSpan.Zero;
}
