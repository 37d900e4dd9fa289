using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>The verbs of <see cref="RecordReplayRunner"/>: each replays a recording, or records a real run.</summary>
public sealed partial class RecordReplayRunner
{
    /// <inheritdoc />
    /// <exception cref="CassetteMissException">The command must be replayed but has no recording.</exception>
    /// <exception cref="CassetteFormatException">The cassette is not valid.</exception>
    public async Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default)
    {
        var (prepared, recorded) = await FindAsync(command, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return ReplayFactory.TextResult(command, recorded, Resolver(prepared, recorded));
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var recordedAt = _options.TimeProvider.GetUtcNow();
        try
        {
            var result = await _runner.OutputAsync(prepared.CommandToRun, cancellationToken).ConfigureAwait(false);
            Add(sequence, InteractionFactory.FromResult(prepared, InteractionVerbs.Output, result, recordedAt));
            return result;
        }
        catch (Exception e) when (InteractionFactory.IsRecordable(e))
        {
            Add(sequence, InteractionFactory.FromError(prepared, InteractionVerbs.Output, e, recordedAt)!);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="CassetteMissException">The command must be replayed but has no recording.</exception>
    /// <exception cref="CassetteFormatException">The cassette is not valid.</exception>
    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        var (prepared, recorded) = await FindAsync(command, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return ReplayFactory.BytesResult(command, recorded, Resolver(prepared, recorded));
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var recordedAt = _options.TimeProvider.GetUtcNow();
        try
        {
            var result = await _runner.OutputBytesAsync(prepared.CommandToRun, cancellationToken).ConfigureAwait(false);
            Add(sequence, InteractionFactory.FromBytes(prepared, result, recordedAt));
            return result;
        }
        catch (Exception e) when (InteractionFactory.IsRecordable(e))
        {
            Add(sequence, InteractionFactory.FromError(prepared, InteractionVerbs.OutputBytes, e, recordedAt)!);
            throw;
        }
    }

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
            var resolver = Resolver(prepared, recorded);
            return recorded.Error is { } error
                ? throw ReplayFactory.Error(command, error, resolver)
                : ScriptedProcess.Start(command, ReplayFactory.Script(command, recorded, resolver, _options.Playback));
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

    private PlaceholderResolver Resolver(PreparedCommand prepared, CassetteInteraction recorded) =>
        _normalisation.Resolver(prepared.Command, prepared.Normaliser.Values, recorded.Values);
}
