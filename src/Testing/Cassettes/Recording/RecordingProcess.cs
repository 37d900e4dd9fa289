using System.Text;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// A started process being recorded: it hands the caller every line of the real process (read
/// from its unbounded unread-line queue, so none is lost), forwards standard input, signals and
/// disposal to it, and notes all of it (lines and input with their offsets from the start,
/// whether the caller stopped it). When the real process has ended it hands the recording to the
/// runner, and only then publishes the exit, so a test that awaits the exit finds it recorded.
/// </summary>
internal sealed class RecordingProcess : RunningProcess
{
    private readonly RunningProcess _inner;
    private readonly DateTimeOffset _started;
    private readonly Lock _gate = new();
    private readonly List<CassetteEvent> _events = [];
    private readonly Action<RecordingProcess, ProcessResult?, IReadOnlyList<CassetteEvent>, bool> _onEnded;
    private int _stoppedByCaller;

    private RecordingProcess(Command command, RunningProcess inner, DateTimeOffset started, RecordingInputStream? input, Action<RecordingProcess, ProcessResult?, IReadOnlyList<CassetteEvent>, bool> onEnded)
        : base(command, input)
    {
        _inner = inner;
        _started = started;
        _onEnded = onEnded;
        input?.Attach(this);
    }

    /// <inheritdoc />
    public override int Id => _inner.Id;

    /// <summary>Starts relaying <paramref name="inner"/>, the real run of <paramref name="command"/>.</summary>
    /// <param name="command">The command as the caller gave it.</param>
    /// <param name="inner">The real process, started with an unbounded unread-line queue that only this reads.</param>
    /// <param name="started">When it was started, on the command's clock.</param>
    /// <param name="onEnded">Receives the result (null when the run failed), the events and whether the caller stopped it; called once, before the exit is published.</param>
    internal static RecordingProcess Start(Command command, RunningProcess inner, DateTimeOffset started, Action<RecordingProcess, ProcessResult?, IReadOnlyList<CassetteEvent>, bool> onEnded)
    {
        var input = command.KeepsStandardInputOpen ? new RecordingInputStream(inner.StandardInput, command.Encoding) : null;
        var process = new RecordingProcess(command, inner, started, input, onEnded);
        _ = process.RelayAsync();
        return process;
    }

    /// <inheritdoc />
    protected override void SignalCore(int signal)
    {
        // A process that already ended by itself was not stopped, whatever the caller sends it now.
        if (!_inner.HasExited)
        {
            Volatile.Write(ref _stoppedByCaller, 1);
        }

        _inner.Signal(signal);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        if (!_inner.HasExited)
        {
            Volatile.Write(ref _stoppedByCaller, 1);
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
        await ((Task)Exited).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Notes a line written to standard input, or its closing (<paramref name="line"/> null).</summary>
    internal void NoteInput(string? line) =>
        Note(line is null ? EventSources.StandardInputClosed : EventSources.StandardInput, line);

    private async Task RelayAsync()
    {
        Exception? failure = null;
        try
        {
            await foreach (var line in _inner.Output.ConfigureAwait(false))
            {
                Note(line.Source == OutputSource.StandardOutput ? EventSources.StandardOutput : EventSources.StandardError, line.Text, line.Timestamp);
                PublishLine(line.Source, line.Text);
            }
        }
#pragma warning disable CA1031 // Delivered through Exited below, so the caller is never left waiting.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        ProcessResult? result = null;
        try
        {
            result = await _inner.Exited.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Delivered through Exited, as the real process delivered it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure ??= e;
        }

        List<CassetteEvent> events;
        lock (_gate)
        {
            events = Merge(_events);
        }

        _onEnded(this, failure is null ? result : null, events, Volatile.Read(ref _stoppedByCaller) != 0);
        if (failure is null)
        {
            PublishExit(result!);
        }
        else
        {
            PublishExitFailure(failure);
        }
    }

    /// <summary>
    /// The events in the order they happened. Lines keep the order the caller read them in (the
    /// relay's); an input goes before the first line read after it was written (by time, and by
    /// the order they were noted when the times are equal, as on a test clock). The relay may note
    /// a line later than an input written after the line arrived, so note order alone would make
    /// the line look like an answer.
    /// </summary>
    private static List<CassetteEvent> Merge(List<CassetteEvent> noted)
    {
        var lines = new Queue<(CassetteEvent Event, int Order)>();
        var inputs = new Queue<(CassetteEvent Event, int Order)>();
        for (var i = 0; i < noted.Count; i++)
        {
            (noted[i].Source is EventSources.StandardInput or EventSources.StandardInputClosed ? inputs : lines).Enqueue((noted[i], i));
        }

        var merged = new List<CassetteEvent>(noted.Count);
        while (lines.Count > 0 || inputs.Count > 0)
        {
            var takeInput = inputs.Count > 0 && (lines.Count == 0 ||
                inputs.Peek().Event.OffsetMs < lines.Peek().Event.OffsetMs ||
                (inputs.Peek().Event.OffsetMs == lines.Peek().Event.OffsetMs && inputs.Peek().Order < lines.Peek().Order));
            merged.Add((takeInput ? inputs : lines).Dequeue().Event);
        }

        return merged;
    }

    private void Note(string source, string? text, DateTimeOffset? at = null)
    {
        var offset = (at ?? Command.TimeProvider.GetUtcNow()) - _started;
        lock (_gate)
        {
            _events.Add(new CassetteEvent { OffsetMs = InteractionFactory.Milliseconds(offset < TimeSpan.Zero ? TimeSpan.Zero : offset), Source = source, Text = text });
        }
    }

    /// <summary>
    /// The standard input the caller writes to: each write is noted line by line (cut as a
    /// scripted process cuts its input, by <see cref="DialogInputStream"/>) and then goes on to the
    /// real process; closing it notes the close, then closes the real input.
    /// </summary>
    private sealed class RecordingInputStream(ProcessInput target, Encoding encoding) : WriteOnlyStream
    {
        private DialogInputStream? _lines;
        private int _closed;

        public override bool CanWrite => Volatile.Read(ref _closed) == 0;

        public void Attach(RecordingProcess owner) =>
            _lines = new DialogInputStream(encoding, line => owner.NoteInput(line), () => owner.NoteInput(null));

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Noted before it is written: the answer may come before the write returns.
            _lines!.Write(buffer.Span);
            await target.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                // Noted before the real input closes, for the same reason as a line.
                await _lines!.DisposeAsync().ConfigureAwait(false);
                await target.CloseAsync().ConfigureAwait(false);
            }

            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Volatile.Read(ref _closed) == 0)
            {
                DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            base.Dispose(disposing);
        }
    }
}
