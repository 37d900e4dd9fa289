using System.Globalization;
using System.Text;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>
/// A command that a <see cref="RecordReplayRunner"/> had to replay found no recording: the
/// cassette holds no matching interaction, or every match was already replayed. The message shows
/// the normalised command, whether a match was already replayed or never recorded, the nearest
/// recordings with what differs argument by argument, and how to record it
/// (<c>PROCESSKIT_CASSETTE_MODE=...</c>). Catch it as <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class CassetteMissException : InvalidOperationException
{
    private CassetteMissException(string message, string cassettePath, CassetteMode mode, CassetteRequest request, bool cassetteExists, int? replayedMatch, IReadOnlyList<CassetteRequest> nearest)
        : base(message)
    {
        CassettePath = cassettePath;
        Mode = mode;
        Request = request;
        CassetteExists = cassetteExists;
        ReplayedMatchIndex = replayedMatch;
        NearestRecordings = nearest;
    }

    /// <summary>The cassette.</summary>
    public string CassettePath { get; }

    /// <summary>The runner's mode when it missed.</summary>
    public CassetteMode Mode { get; }

    /// <summary>The command that missed, normalised as the cassette would hold it.</summary>
    public CassetteRequest Request { get; }

    /// <summary>False when the cassette file does not exist at all.</summary>
    public bool CassetteExists { get; }

    /// <summary>
    /// The index (in the cassette's <c>interactions</c>) of a matching recording that was already
    /// replayed, or null when no match was ever recorded.
    /// </summary>
    public int? ReplayedMatchIndex { get; }

    /// <summary>The recordings nearest to the command, nearest first.</summary>
    public IReadOnlyList<CassetteRequest> NearestRecordings { get; }

    /// <summary>Builds the exception and its message.</summary>
    internal static CassetteMissException Create(string cassettePath, CassetteMode mode, CassetteRequest request, bool cassetteExists, int? replayedMatch, IReadOnlyList<NearRecording> nearest)
    {
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"No recording in the cassette '{cassettePath}' (mode {mode}) replays this command:\n")
            .Append(CultureInfo.InvariantCulture, $"  {request}\n")
            .Append(CultureInfo.InvariantCulture, $"  stdin: {request.StandardInput}{(request.WorkingDirectory is { } cwd ? ", working directory: " + cwd : "")}\n");
        if (!cassetteExists)
        {
            message.Append("The cassette does not exist: nothing was recorded yet.\n");
        }
        else if (replayedMatch is { } index)
        {
            message.Append(CultureInfo.InvariantCulture, $"It was recorded (interactions[{index}]) but has already been replayed: each recording replays once, in recorded order, ")
                .Append("and this command ran more often than when the cassette was recorded (CassetteOptions.AllowPlaybackRepeats replays the last one again).\n");
        }
        else
        {
            message.Append("It was never recorded.\n");
        }

        if (nearest.Count > 0)
        {
            message.Append("Nearest recordings:\n");
            foreach (var near in nearest)
            {
                message.Append(CultureInfo.InvariantCulture, $"  [{near.Index}] {near.Request}{(near.Replayed ? "  (already replayed)" : "")}\n");
                foreach (var difference in near.Differences)
                {
                    message.Append(CultureInfo.InvariantCulture, $"      {difference}\n");
                }
            }
        }

        var variable = CassetteModeVariable.Name;
        message.Append(cassetteExists
            ? $"To record it, run the tests with {variable}={CassetteModeVariable.Spell(CassetteMode.NewEpisodes)} (keeps the cassette and adds new commands) or {variable}={CassetteModeVariable.Spell(CassetteMode.RecordAll)} (records the cassette anew)."
            : $"To record it, run the tests with {variable}={CassetteModeVariable.Spell(CassetteMode.Once)} (records a cassette that does not exist) or {variable}={CassetteModeVariable.Spell(CassetteMode.RecordAll)}.");
        return new CassetteMissException(message.ToString(), cassettePath, mode, request, cassetteExists, replayedMatch, [.. nearest.Select(n => n.Request)]);
    }
}
