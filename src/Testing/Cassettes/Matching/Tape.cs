namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The recorded interactions a runner replays from, with how often each was replayed. A command
/// takes the first matching interaction not yet replayed, so identical commands replay in
/// recorded order; when all were replayed it misses, or takes the last again if repeats are allowed.
/// Thread-safe.
/// </summary>
internal sealed class Tape
{
    private const int NearestShown = 3;

    private readonly Lock _gate = new();
    private readonly List<TapeEntry> _entries;
    private readonly Dictionary<string, List<TapeEntry>>? _byProgram;
    private readonly CassetteMatchOn _matchOn;
    private readonly Func<CassetteRequest, CassetteRequest, bool>? _matcher;
    private readonly bool _allowRepeats;

    /// <param name="interactions">The interactions to replay (none when nothing replays).</param>
    /// <param name="options">The matching options.</param>
    internal Tape(IReadOnlyList<CassetteInteraction> interactions, CassetteOptions options)
    {
        _matchOn = options.MatchOn;
        _matcher = options.Matcher;
        _allowRepeats = options.AllowPlaybackRepeats;
        _entries = new List<TapeEntry>(interactions.Count);
        for (var i = 0; i < interactions.Count; i++)
        {
            _entries.Add(new TapeEntry(i, interactions[i]));
        }

        // An index by program when matching needs the program to be equal: a 10,000-entry
        // cassette is then searched among one program's entries, not all.
        if (_matcher is null && _matchOn.HasFlag(CassetteMatchOn.Program))
        {
            _byProgram = new Dictionary<string, List<TapeEntry>>(StringComparer.Ordinal);
            foreach (var entry in _entries)
            {
                if (!_byProgram.TryGetValue(entry.Request.Program, out var list))
                {
                    _byProgram[entry.Request.Program] = list = [];
                }

                list.Add(entry);
            }
        }
    }

    /// <summary>How many interactions the tape holds.</summary>
    internal int Count => _entries.Count;

    /// <summary>How many interactions were replayed at least once.</summary>
    internal int ReplayedCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count(e => e.Uses > 0);
            }
        }
    }

    /// <summary>Takes the interaction <paramref name="request"/> replays, or null (a miss).</summary>
    internal CassetteInteraction? Take(CassetteRequest request)
    {
        lock (_gate)
        {
            TapeEntry? last = null;
            foreach (var entry in Candidates(request))
            {
                if (!IsMatch(request, entry))
                {
                    continue;
                }

                if (entry.Uses == 0)
                {
                    entry.Uses++;
                    return entry.Interaction;
                }

                last = entry;
            }

            if (_allowRepeats && last is not null)
            {
                last.Uses++;
                return last.Interaction;
            }

            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="request"/> missed: the matching interaction that was already replayed
    /// (or null when none was ever recorded), and the nearest recordings with what differs.
    /// </summary>
    internal (int? ReplayedMatch, IReadOnlyList<NearRecording> Nearest) Explain(CassetteRequest request)
    {
        var shown = _matcher is null ? _matchOn : CassetteMatchOn.Default;
        lock (_gate)
        {
            var replayed = _entries.FirstOrDefault(e => e.Uses > 0 && IsMatch(request, e))?.Index;
            var nearest = _entries
                .Select(e => (Entry: e, Distance: RequestComparison.Distance(request, e.Request, shown)))
                .OrderBy(e => e.Distance)
                .ThenBy(e => e.Entry.Index)
                .Take(NearestShown)
                .Select(e => new NearRecording(e.Entry.Index, e.Entry.Request, e.Entry.Uses > 0, RequestComparison.Differences(request, e.Entry.Request, shown)))
                .ToList();
            return (replayed, nearest);
        }
    }

    private List<TapeEntry> Candidates(CassetteRequest request) =>
        _byProgram is null ? _entries : _byProgram.TryGetValue(request.Program, out var list) ? list : [];

    private bool IsMatch(CassetteRequest request, TapeEntry entry) =>
        _matcher is { } matcher ? matcher(request, entry.Request) : RequestComparison.Matches(request, entry.Request, _matchOn);

    private sealed class TapeEntry(int index, CassetteInteraction interaction)
    {
        public int Index { get; } = index;

        public CassetteInteraction Interaction { get; } = interaction;

        public CassetteRequest Request { get; } = new()
        {
            Program = interaction.Program,
            Arguments = interaction.Arguments,
            WorkingDirectory = interaction.WorkingDirectory,
            EnvironmentNames = interaction.EnvironmentNames,
            StandardInput = interaction.StandardInput,
        };

        public int Uses { get; set; }
    }
}

/// <summary>A recording near a missed command: its place in the cassette, its request, whether it was replayed, what differs.</summary>
internal sealed record NearRecording(int Index, CassetteRequest Request, bool Replayed, IReadOnlyList<string> Differences);
