namespace ProcessKit.Testing;

/// <summary>
/// Output that a stand-in for a process produced all at once (a test double's canned reply),
/// delivered the way a real run delivers a child's output (see <see cref="SimulatedOutputStream"/>),
/// then shaped by the same <see cref="ExecutionRecord"/>, so that truncation, an overflow under
/// <see cref="OverflowPolicy.Error"/> and a failing line handler end the verb exactly as they would
/// after a real run.
/// </summary>
internal static class SimulatedExecution
{
    /// <summary>
    /// True when a real run would hand the output back exactly as it was written: both streams
    /// captured, with no limit. A stand-in can then skip the delivery.
    /// </summary>
    internal static bool KeepsOutputAsWritten(Command command) =>
        command.OutputLimit is null && command.StandardOutput.Kind == OutputTargetKind.Capture && command.StandardError.Kind == OutputTargetKind.Capture;

    /// <summary>What the real runner would have recorded had a child written <paramref name="standardOutput"/> and <paramref name="standardError"/> and ended as given.</summary>
    /// <param name="command">The command that was "run": its targets, limit and encoding apply.</param>
    /// <param name="exitCode">Its exit code (ignored when <paramref name="timedOut"/>).</param>
    /// <param name="signal">The signal that ended it.</param>
    /// <param name="timedOut">True when its timeout expired.</param>
    /// <param name="duration">How long it ran.</param>
    /// <param name="standardOutput">Everything it wrote to standard output.</param>
    /// <param name="standardError">Everything it wrote to standard error.</param>
    internal static async Task<ExecutionRecord> RecordAsync(
        Command command, int? exitCode, int? signal, bool timedOut, TimeSpan duration, ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError)
    {
        ArgumentNullException.ThrowIfNull(command);
        var output = Deliver(command, command.StandardOutput, standardOutput, Console.OpenStandardOutput);
        var error = Deliver(command, command.StandardError, standardError, Console.OpenStandardError);
        await Task.WhenAll(output?.HandlerDone ?? Task.CompletedTask, error?.HandlerDone ?? Task.CompletedTask).ConfigureAwait(false);
        return Record(command, exitCode, signal, timedOut, output, error, duration);
    }

    /// <summary>
    /// Hands recorded output to the command's line handlers only (a replay returns the recorded
    /// result as it was, truncation included, and touches no file): each line, as a real run would
    /// have, then the first handler failure is rethrown, as a real run's verb rethrows it.
    /// </summary>
    /// <param name="command">The command: its line handlers and encoding apply.</param>
    /// <param name="standardOutput">What it wrote to standard output.</param>
    /// <param name="standardError">What it wrote to standard error.</param>
    internal static async Task HandLinesAsync(Command command, ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError)
    {
        ArgumentNullException.ThrowIfNull(command);
        var output = Hand(command, command.StandardOutput, standardOutput);
        var error = Hand(command, command.StandardError, standardError);
        await Task.WhenAll(output?.HandlerDone ?? Task.CompletedTask, error?.HandlerDone ?? Task.CompletedTask).ConfigureAwait(false);
        output?.HandlerFailure?.Throw();
        error?.HandlerFailure?.Throw();
    }

    /// <summary>The record of a stand-in that ended as given, with the sinks of its piped streams (see <see cref="SimulatedOutputStream.Complete"/>).</summary>
    internal static ExecutionRecord Record(Command command, int? exitCode, int? signal, bool timedOut, OutputSink? output, OutputSink? error, TimeSpan duration) =>
        new(command, new ExitStatus(exitCode, signal, Unknown: false), timedOut, output, error, duration);

    private static OutputSink? Deliver(Command command, OutputTarget target, ReadOnlyMemory<byte> bytes, Func<Stream> ownStream)
    {
        var stream = SimulatedOutputStream.Open(command, target, command.OutputLimit, ownStream);
        stream.Write(bytes.Span);
        return stream.Complete();
    }

    private static OutputSink? Hand(Command command, OutputTarget target, ReadOnlyMemory<byte> bytes)
    {
        if (target.LineHandler is not { } handler)
        {
            return null;
        }

        var sink = new OutputSink(limit: null, command.Encoding, handler);
        sink.Write(bytes.Span);
        sink.Complete();
        return sink;
    }
}
