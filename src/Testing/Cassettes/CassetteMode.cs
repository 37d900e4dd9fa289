namespace ProcessKit.Testing;

/// <summary>
/// When a <see cref="RecordReplayRunner"/> replays and when it records. The environment variable
/// <c>PROCESSKIT_CASSETTE_MODE</c> (<c>once</c>, <c>new-episodes</c>, <c>replay-only</c>,
/// <c>record-all</c>) overrides the mode given in code, so CI can insist on replaying and a
/// developer can re-record without editing a test.
/// </summary>
public enum CassetteMode
{
    /// <summary>
    /// Replays when the cassette exists (a command it does not hold is a miss and throws
    /// <see cref="CassetteMissException"/>); records every command when it does not.
    /// </summary>
    Once,

    /// <summary>Replays what the cassette holds and records, then adds, every command it does not hold.</summary>
    NewEpisodes,

    /// <summary>Only replays: any command the cassette does not hold throws <see cref="CassetteMissException"/>, and nothing is written. For CI.</summary>
    ReplayOnly,

    /// <summary>Never replays: runs and records every command, and the saved cassette holds only this run's recordings.</summary>
    RecordAll,
}
