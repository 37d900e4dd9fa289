using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>
/// A runner that records what real commands do into a cassette (a JSON file) and replays it
/// offline: hand it to code that shells out, run the tests once against the real tools, and
/// every later run (on any machine, in CI) replays without spawning anything. The
/// <see cref="CassetteMode"/> says when it replays and when it records; the
/// <c>PROCESSKIT_CASSETTE_MODE</c> environment variable overrides it (read once, when the runner
/// is created).
/// </summary>
/// <remarks>
/// <para>
/// Commands match recordings on their program, arguments and standard input by default
/// (<see cref="CassetteOptions.MatchOn"/>, <see cref="CassetteOptions.Matcher"/>), after
/// normalisation: paths, secrets, GUIDs, dates and user patterns are held as placeholders and put
/// back when replaying, so a cassette recorded on one machine replays on another, and no
/// environment value or secret is ever written. Identical commands replay in recorded order.
/// </para>
/// <para>
/// The cassette is read when the first command runs and written when the runner is disposed
/// (or by <see cref="SaveAsync"/>), atomically and under a lock that other writers (other tests,
/// other processes) wait on. A failed test calls <see cref="MarkFailed"/> so that a half-recorded
/// cassette is not saved. Disposal first disposes every started process still being recorded.
/// Thread-safe.
/// </para>
/// </remarks>
public sealed partial class RecordReplayRunner : IProcessRunner, IAsyncDisposable, IDisposable
{
    private readonly CassetteOptions _options;
    private readonly IProcessRunner _runner;
    private readonly CassetteStore _store;
    private readonly Normalisation _normalisation;
    private readonly ILogger _logger;
    private readonly Lazy<Task<LoadedCassette>> _cassette;
    private readonly Lock _gate = new();
    private readonly List<Recording> _recordings = [];
    private readonly List<RecordingProcess> _live = [];
    private readonly SemaphoreSlim _saving = new(1, 1);
    private long _sequence;
    private bool _failed;
    private int _disposed;

    /// <summary>Creates a runner for the cassette <paramref name="cassetteName"/> in <paramref name="cassetteDirectory"/>.</summary>
    /// <param name="cassetteDirectory">The folder of cassettes (created when a cassette is first saved).</param>
    /// <param name="cassetteName">
    /// The cassette's name, a path relative to the folder (<c>GitTests/log</c>); ".json" is added
    /// unless it has it. It may not leave the folder.
    /// </param>
    /// <param name="options">How to record, match, normalise and store; the defaults when null.</param>
    /// <exception cref="ArgumentException">The name is empty, rooted or escapes the folder (<c>..</c>), or an option is invalid.</exception>
    /// <exception cref="InvalidOperationException"><c>PROCESSKIT_CASSETTE_MODE</c> holds something that is not a mode.</exception>
    public RecordReplayRunner(string cassetteDirectory, string cassetteName, CassetteOptions? options = null)
        : this(cassetteDirectory, cassetteName, options ?? new CassetteOptions(), Environment.GetEnvironmentVariable, processEnvironment: null)
    {
    }

    /// <summary>Creates a runner that reads the mode variable and the process environment through the given functions (for tests).</summary>
    internal RecordReplayRunner(
        string cassetteDirectory,
        string cassetteName,
        CassetteOptions options,
        Func<string, string?> readVariable,
        Func<IEnumerable<KeyValuePair<string, string>>>? processEnvironment)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = CassetteStore.InDirectory(options.FileSystem ?? new FileSystem(), cassetteDirectory, cassetteName);
        CassettePath = _store.Path;
        Mode = CassetteModeVariable.Resolve(options.Mode, readVariable);
        _options = options;
        _runner = options.Runner ?? ProcessRunner.Default;
        _normalisation = new Normalisation(options, processEnvironment);
        _logger = options.Logger ?? NullLogger.Instance;
        _cassette = new(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The cassette file.</summary>
    public string CassettePath { get; }

    /// <summary>The mode in effect: <c>PROCESSKIT_CASSETTE_MODE</c> when set, else the options'.</summary>
    public CassetteMode Mode { get; }

    /// <summary>How many interactions this runner recorded (saved or not).</summary>
    public int RecordedCount
    {
        get
        {
            lock (_gate)
            {
                return _recordings.Count;
            }
        }
    }

    /// <summary>How many recorded interactions this runner replayed.</summary>
    public int ReplayedCount => _cassette.IsValueCreated && _cassette.Value.IsCompletedSuccessfully ? _cassette.Value.Result.Tape.ReplayedCount : 0;

    /// <summary>
    /// Says the test failed: disposal will not save what this runner recorded, so a cassette is
    /// never left with half a run. An explicit <see cref="SaveAsync"/> still saves.
    /// </summary>
    public void MarkFailed()
    {
        lock (_gate)
        {
            _failed = true;
        }
    }

    /// <summary>
    /// Writes what was recorded and not yet saved: added to the cassette on disk (re-read under
    /// the lock, so another writer's additions are kept), or, in <see cref="CassetteMode.RecordAll"/>,
    /// replacing it with everything this runner recorded. Does nothing when nothing new was recorded.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <exception cref="CassetteLockTimeoutException">Another writer held the lock longer than <see cref="CassetteOptions.LockTimeout"/>.</exception>
    /// <exception cref="CassetteFormatException">The cassette on disk, which a save adds to, is not valid.</exception>
    /// <exception cref="IOException">The cassette could not be written; the file on disk is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The runner was disposed.</exception>
    public Task SaveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return SaveCoreAsync(cancellationToken);
    }

    /// <summary>
    /// Disposes the started processes still being recorded (their recordings end there), then
    /// saves what was recorded, unless <see cref="MarkFailed"/> was called.
    /// </summary>
    /// <exception cref="CassetteLockTimeoutException">Another writer held the lock too long; nothing was written.</exception>
    /// <exception cref="CassetteFormatException">The cassette on disk, which the save adds to, is not valid.</exception>
    /// <exception cref="IOException">The cassette could not be written; the file on disk is unchanged.</exception>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RecordingProcess[] live;
        bool failed;
        lock (_gate)
        {
            live = [.. _live];
            failed = _failed;
        }

        foreach (var process in live)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            if (failed)
            {
                CassetteLog.Discarded(_logger, RecordedCount, CassettePath);
            }
            else
            {
                await SaveCoreAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _saving.Dispose();
        }
    }

    /// <summary>Synchronous twin of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<LoadedCassette> LoadAsync()
    {
        if (Mode == CassetteMode.RecordAll)
        {
            return new LoadedCassette(new Tape([], _options), Exists: _store.Exists, Records: true);
        }

        var document = await _store.LoadAsync(CancellationToken.None).ConfigureAwait(false);
        var records = Mode == CassetteMode.NewEpisodes || (Mode == CassetteMode.Once && document is null);
        return new LoadedCassette(new Tape(document?.Interactions ?? [], _options), Exists: document is not null, records);
    }

    private void Add(long sequence, CassetteInteraction interaction)
    {
        lock (_gate)
        {
            _recordings.Add(new Recording(sequence, interaction));
        }
    }

    private async Task SaveCoreAsync(CancellationToken cancellationToken)
    {
        if (!_cassette.IsValueCreated || !_cassette.Value.IsCompletedSuccessfully || !_cassette.Value.Result.Records)
        {
            return; // nothing ran, the cassette could not be read, or nothing is recorded in this mode
        }

        await _saving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Recording[] all;
            lock (_gate)
            {
                all = [.. _recordings.OrderBy(r => r.Sequence)];
            }

            var unsaved = all.Where(r => !r.Saved).ToArray();
            if (unsaved.Length == 0)
            {
                return;
            }

            var replace = Mode == CassetteMode.RecordAll;
            await _store.SaveAsync(
                current => new CassetteDocument
                {
                    Version = CassetteDocument.CurrentVersion,
                    Interactions = replace
                        ? [.. all.Select(r => r.Interaction)]
                        : [.. current?.Interactions ?? [], .. unsaved.Select(r => r.Interaction)],
                },
                readCurrent: !replace,
                _options.LockTimeout,
                _options.TimeProvider,
                lockPath => CassetteLog.WaitingForLock(_logger, lockPath),
                cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var recording in unsaved)
                {
                    recording.Saved = true;
                }
            }

            CassetteLog.Saved(_logger, unsaved.Length, CassettePath);
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>The cassette as loaded: what replays, whether the file existed, whether new commands are recorded.</summary>
    private sealed record LoadedCassette(Tape Tape, bool Exists, bool Records);

    /// <summary>One recorded interaction, in call order, and whether it is on disk yet.</summary>
    private sealed class Recording(long sequence, CassetteInteraction interaction)
    {
        public long Sequence { get; } = sequence;

        public CassetteInteraction Interaction { get; } = interaction;

        public bool Saved { get; set; }
    }
}
