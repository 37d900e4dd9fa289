using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>The verbs of <see cref="RecordReplayRunner"/>: each replays a recording, or records a real run.</summary>
public sealed partial class RecordReplayRunner
{
    /// <summary>
    /// None: every stage of a pipeline must reach the cassette to be replayed or recorded, so the
    /// pipeline starts each stage through this runner (<see cref="StartAsync"/>) and copies lines
    /// between them.
    /// </summary>
    public ProcessPlacement? Placement => null;

    /// <inheritdoc />
    /// <remarks>A command recorded as failing to start (not found, permission, ...) replays as the same exception, for every verb.</remarks>
    /// <exception cref="CassetteMissException">The command must be replayed but has no recording.</exception>
    /// <exception cref="CassetteFormatException">The cassette is not valid.</exception>
    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        OneShotAsync(
            command,
            InteractionVerbs.Output,
            (c, t) => _runner.OutputAsync(c, verb, t),
            ReplayFactory.TextResult,
            (prepared, result, recordedAt) => InteractionFactory.FromResult(prepared, InteractionVerbs.Output, result, recordedAt),
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>Output that is not UTF-8 is kept as base64 and replays byte for byte.</remarks>
    /// <exception cref="CassetteMissException">The command must be replayed but has no recording.</exception>
    /// <exception cref="CassetteFormatException">The cassette is not valid.</exception>
    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        OneShotAsync(command, InteractionVerbs.OutputBytes, _runner.OutputBytesAsync, ReplayFactory.BytesResult, InteractionFactory.FromBytes, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A replayed process is a <see cref="ScriptedProcess"/> playing the recorded lines (at once,
    /// or at recorded speed: <see cref="CassetteOptions.Playback"/>), answering lines written to
    /// its standard input as the recorded process did, and ending as it ended; one the caller
    /// stopped when recording runs until stopped. A recorded process hands over every line of the
    /// real one and is saved once it has ended.
    /// </remarks>
    /// <exception cref="CassetteMissException">The command must be replayed but has no recording.</exception>
    /// <exception cref="CassetteFormatException">The cassette is not valid.</exception>
    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        var (prepared, recorded) = await FindAsync(command, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return Replay(prepared, recorded, (command, interaction, resolver) =>
                ScriptedProcess.Start(command, ReplayFactory.Script(command, interaction, resolver, _options.Playback)));
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var recordedAt = _options.TimeProvider.GetUtcNow();
        var started = command.TimeProvider.GetUtcNow();
        RunningProcess inner;
        try
        {
            // Only the recording reads the real process's lines, as they come: nothing may be dropped.
            inner = await _runner.StartAsync(prepared.CommandToRun.WithUnreadLineBuffer(1, UnreadLinePolicy.KeepAll), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (InteractionFactory.IsRecordable(e))
        {
            Add(sequence, InteractionFactory.FromError(prepared, InteractionVerbs.Start, e, recordedAt)!);
            throw;
        }

        var process = RecordingProcess.Start(command, inner, started, (ended, result, events, stoppedByCaller) =>
        {
            lock (_gate)
            {
                _live.Remove(ended);
            }

            if (result is null)
            {
                CassetteLog.NotRecorded(_logger, prepared.Request, CassettePath, "its run failed");
                return;
            }

            Add(sequence, InteractionFactory.FromResult(prepared, InteractionVerbs.Start, result, recordedAt, events, stoppedByCaller));
        });
        lock (_gate)
        {
            if (!process.HasExited)
            {
                _live.Add(process);
            }
        }

        return process;
    }

    private async Task<(PreparedCommand Prepared, CassetteInteraction? Recorded)> FindAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var cassette = await _cassette.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var prepared = await PreparedCommand.PrepareAsync(command, _normalisation, cancellationToken).ConfigureAwait(false);
        if (cassette.Tape.Take(prepared.Request) is { } recorded)
        {
            CassetteLog.Replayed(_logger, prepared.Request, CassettePath);
            return (prepared, recorded);
        }

        if (!cassette.Records)
        {
            var (replayedMatch, nearest) = cassette.Tape.Explain(prepared.Request);
            throw CassetteMissException.Create(CassettePath, Mode, prepared.Request, cassette.Exists, replayedMatch, nearest);
        }

        CassetteLog.Recording(_logger, prepared.Request, CassettePath);
        return (prepared, null);
    }

    /// <summary>Replays a one-shot verb, or records its real run (and a failure to start, which it rethrows).</summary>
    private async Task<T> OneShotAsync<T>(
        Command command,
        string verb,
        Func<Command, CancellationToken, Task<T>> run,
        Func<Command, CassetteInteraction, PlaceholderResolver, T> replay,
        Func<PreparedCommand, T, DateTimeOffset, CassetteInteraction> record,
        CancellationToken cancellationToken)
        where T : ProcessOutcome
    {
        var (prepared, recorded) = await FindAsync(command, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            var replayed = Replay(prepared, recorded, replay);
            await HandLinesAsync(prepared.Command, replayed).ConfigureAwait(false);
            return replayed;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var recordedAt = _options.TimeProvider.GetUtcNow();
        try
        {
            var result = await run(prepared.CommandToRun, cancellationToken).ConfigureAwait(false);
            Add(sequence, record(prepared, result, recordedAt));
            return result;
        }
        catch (Exception e) when (InteractionFactory.IsRecordable(e))
        {
            Add(sequence, InteractionFactory.FromError(prepared, verb, e, recordedAt)!);
            throw;
        }
    }

    /// <summary>A replayed run's output goes to the command's line handlers, as the recorded run's did (the handler's output was captured, so it was recorded).</summary>
    private static Task HandLinesAsync(Command command, ProcessOutcome replayed) => replayed switch
    {
        _ when command.StandardOutput.LineHandler is null && command.StandardError.LineHandler is null => Task.CompletedTask,
        BytesResult bytes => SimulatedExecution.HandLinesAsync(command, bytes.StandardOutput, bytes.StandardError),
        ProcessResult text => SimulatedExecution.HandLinesAsync(command, command.Encoding.GetBytes(text.StandardOutput), command.Encoding.GetBytes(text.StandardError)),
        _ => Task.CompletedTask,
    };

    /// <summary>What a recording gives back for this command: the recorded failure to start, thrown, or what <paramref name="replay"/> makes of it.</summary>
    private T Replay<T>(PreparedCommand prepared, CassetteInteraction recorded, Func<Command, CassetteInteraction, PlaceholderResolver, T> replay)
    {
        var resolver = _normalisation.Resolver(prepared.Command, prepared.Normaliser.Values, recorded.Values);
        return recorded.Error is { } error
            ? throw ReplayFactory.Error(prepared.Command, error, resolver)
            : replay(prepared.Command, recorded, resolver);
    }
}
