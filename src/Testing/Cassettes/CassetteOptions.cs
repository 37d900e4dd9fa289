using System.IO.Abstractions;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing;

/// <summary>
/// How a <see cref="RecordReplayRunner"/> records, matches, normalises and stores. Every property
/// has a working default; the runner validates them when it is created.
/// </summary>
public sealed record CassetteOptions
{
    /// <summary>When to replay and when to record; <see cref="CassetteMode.Once"/> by default. The <c>PROCESSKIT_CASSETTE_MODE</c> environment variable overrides it.</summary>
    public CassetteMode Mode { get; init; } = CassetteMode.Once;

    /// <summary>The runner that really runs what is recorded; <see cref="ProcessRunner.Default"/> when null.</summary>
    public IProcessRunner? Runner { get; init; }

    /// <summary>Where cassettes are read and written; the real file system when null.</summary>
    public IFileSystem? FileSystem { get; init; }

    /// <summary>What must be equal for a command to replay an interaction; <see cref="CassetteMatchOn.Default"/> (program, arguments, standard input).</summary>
    public CassetteMatchOn MatchOn { get; init; } = CassetteMatchOn.Default;

    /// <summary>
    /// Decides alone whether a command (first, normalised) replays a recorded interaction
    /// (second); <see cref="MatchOn"/> is then ignored. Null to use <see cref="MatchOn"/>.
    /// </summary>
    public Func<CassetteRequest, CassetteRequest, bool>? Matcher { get; init; }

    /// <summary>
    /// When every matching interaction was already replayed, replay the last one again instead of
    /// missing (for code that polls). False by default: each recording replays once.
    /// </summary>
    public bool AllowPlaybackRepeats { get; init; }

    /// <summary>How a replayed started process plays its lines; <see cref="CassettePlayback.Instant"/> by default.</summary>
    public CassettePlayback Playback { get; init; } = CassettePlayback.Instant;

    /// <summary>Values that are never written: replaced by <c>{{secret}}</c> wherever they appear (arguments, output, input).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// Environment variables whose values are secret although their names do not look it (names
    /// with token, secret, password, key, credential, auth, ... always are).
    /// </summary>
    public IReadOnlyList<string> SecretEnvironmentVariables { get; init; } = [];

    /// <summary>
    /// Patterns of secrets the built-in rules do not know (a vendor's token format, a private
    /// header): each match, or its group named <c>secret</c> when the pattern has one, is written
    /// <c>{{secret}}</c>, in every text of an interaction; a match in the command (arguments,
    /// standard input) or its environment values is also hidden wherever else it appears. Empty
    /// by default. <c>processkit cassette check</c> and <c>redact</c> take the same patterns as
    /// <c>--secret-pattern</c>.
    /// </summary>
    public IReadOnlyList<Regex> SecretPatterns { get; init; } = [];

    /// <summary>Patterns held as numbered placeholders, in order, before GUIDs and dates.</summary>
    public IReadOnlyList<CassetteReplacement> Replacements { get; init; } = [];

    /// <summary>The directory written as <c>{{temp}}</c>; this machine's temporary directory when null.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>The directory written as <c>{{home}}</c>; this user's home when null.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>
    /// How long a save waits for another writer (another test, another process) to release the
    /// cassette's lock before it throws <see cref="CassetteLockTimeoutException"/>; 30 seconds by default.
    /// Zero fails at once, <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits forever, and
    /// anything else is at most about 49.7 days (the longest wait a timer takes).
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for recording times and lock waits; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Told what is replayed, recorded and saved, and when a save waits for a lock; nothing is logged when null.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Checks every value, naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range, empty or null.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Not a defined CassetteMode.");
        }

        if (!Enum.IsDefined(Playback))
        {
            throw new ArgumentOutOfRangeException(nameof(Playback), Playback, "Not a defined CassettePlayback.");
        }

        if ((MatchOn & ~(CassetteMatchOn.Default | CassetteMatchOn.WorkingDirectory | CassetteMatchOn.EnvironmentNames)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MatchOn), MatchOn, "Holds a flag CassetteMatchOn does not define.");
        }

        TimerLimit.ThrowIfInvalid(LockTimeout, nameof(LockTimeout), "The lock timeout (TimeSpan.Zero fails at once)", allowZero: true, allowInfinite: true);

        ArgumentNullException.ThrowIfNull(Secrets, nameof(Secrets));
        ArgumentNullException.ThrowIfNull(SecretEnvironmentVariables, nameof(SecretEnvironmentVariables));
        ArgumentNullException.ThrowIfNull(SecretPatterns, nameof(SecretPatterns));
        ArgumentNullException.ThrowIfNull(Replacements, nameof(Replacements));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (Secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A secret is null or empty: every secret must be a value to hide.", nameof(Secrets));
        }

        if (SecretEnvironmentVariables.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A secret environment variable name is null or empty.", nameof(SecretEnvironmentVariables));
        }

        if (SecretPatterns.Any(p => p is null))
        {
            throw new ArgumentException("A secret pattern is null.", nameof(SecretPatterns));
        }

        if (Replacements.Any(r => r is null))
        {
            throw new ArgumentException("A replacement is null.", nameof(Replacements));
        }

        if (Replacements.GroupBy(r => r.Kind, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two replacements share the kind '{duplicate.Key}': give each its own.", nameof(Replacements));
        }

        ThrowIfBadDirectory(TemporaryDirectory, nameof(TemporaryDirectory));
        ThrowIfBadDirectory(HomeDirectory, nameof(HomeDirectory));
    }

    private static void ThrowIfBadDirectory(string? directory, string name)
    {
        if (directory is not null && (directory.Length == 0 || directory.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The directory '{directory}' is empty or contains a NUL character.", name);
        }
    }
}
