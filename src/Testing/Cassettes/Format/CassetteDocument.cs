using System.Buffers;
using System.Text.Json.Serialization;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// A cassette file as JSON: a format version and the interactions in the order they were made.
/// The properties are written in declaration order, so the key order is stable and a re-recorded
/// cassette diffs line by line. Texts hold placeholders (<c>{{cwd}}</c>, <c>{{secret:NAME}}</c>,
/// ...; see <see cref="Placeholders"/>), never this machine's paths or secrets.
/// </summary>
/// <remarks>
/// The properties have setters, not init accessors: System.Text.Json reads init-only members
/// like constructor parameters, which doubled the memory and time of loading a large cassette.
/// </remarks>
internal sealed record CassetteDocument
{
    /// <summary>The format version this code writes and reads.</summary>
    internal const int CurrentVersion = 1;

    /// <summary>The format version; see <see cref="CurrentVersion"/>.</summary>
    public required int Version { get; set; }

    /// <summary>The interactions, in recorded order.</summary>
    public required List<CassetteInteraction> Interactions { get; set; }
}

/// <summary>One command that was run and what it did.</summary>
internal sealed record CassetteInteraction
{
    /// <summary>How it was run: <see cref="InteractionVerbs"/>.</summary>
    public required string Verb { get; set; }

    /// <summary>The program, normalised.</summary>
    public required string Program { get; set; }

    /// <summary>The arguments, normalised (secret-looking values redacted).</summary>
    public required List<string> Arguments { get; set; }

    /// <summary>The working directory the command set, normalised; null when it ran in the caller's.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>The environment variables the command set or removed, sorted; never their values.</summary>
    public required List<string> EnvironmentNames { get; set; }

    /// <summary>What the child read: <c>none</c>, <c>inherit</c>, <c>open</c> or <c>sha256:HEX</c> of the normalised content.</summary>
    [JsonPropertyName("stdin")]
    public required string StandardInput { get; set; }

    /// <summary>The length in bytes of the standard input content, when there was some.</summary>
    [JsonPropertyName("stdinLength")]
    public long? StandardInputLength { get; set; }

    /// <summary>The exit code, or null (killed, timed out, failed to start, status lost).</summary>
    public int? ExitCode { get; set; }

    /// <summary>The signal that ended it, or null.</summary>
    public int? Signal { get; set; }

    /// <summary>True when the command's timeout expired.</summary>
    public required bool TimedOut { get; set; }

    /// <summary>True (or absent) when the exit status was lost.</summary>
    public bool? ExitStatusUnknown { get; set; }

    /// <summary>Why the command could not run, or null when it ran.</summary>
    public CassetteError? Error { get; set; }

    /// <summary>How long it ran, in milliseconds.</summary>
    public required double DurationMs { get; set; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; set; }

    /// <summary>For a started process: true when the caller stopped it (killed, signalled, disposed) before it exited.</summary>
    public bool? StoppedByCaller { get; set; }

    /// <summary>Standard output, normalised: text, or base64 when <see cref="StandardOutputBase64"/>.</summary>
    [JsonPropertyName("stdout")]
    public required string StandardOutput { get; set; }

    /// <summary>True when <see cref="StandardOutput"/> is base64 (the bytes were not valid UTF-8).</summary>
    [JsonPropertyName("stdoutBase64")]
    public bool? StandardOutputBase64 { get; set; }

    /// <summary>True when standard output was cut by the command's output limit.</summary>
    [JsonPropertyName("stdoutTruncated")]
    public bool? StandardOutputTruncated { get; set; }

    /// <summary>Standard error, normalised: text, or base64 when <see cref="StandardErrorBase64"/>.</summary>
    [JsonPropertyName("stderr")]
    public required string StandardError { get; set; }

    /// <summary>True when <see cref="StandardError"/> is base64.</summary>
    [JsonPropertyName("stderrBase64")]
    public bool? StandardErrorBase64 { get; set; }

    /// <summary>True when standard error was cut by the command's output limit.</summary>
    [JsonPropertyName("stderrTruncated")]
    public bool? StandardErrorTruncated { get; set; }

    /// <summary>For a started process: its lines and its input, with their offsets from the start.</summary>
    public List<CassetteEvent>? Events { get; set; }

    /// <summary>
    /// The values of placeholders that first appeared in the output (a GUID, a date, a user
    /// pattern), by placeholder name (<c>guid:1</c>), so the output replays as it was recorded.
    /// </summary>
    public Dictionary<string, string>? Values { get; set; }
}

/// <summary>One line of a started process, or one line written to its standard input.</summary>
internal sealed record CassetteEvent
{
    /// <summary>Milliseconds from the start.</summary>
    public required double OffsetMs { get; set; }

    /// <summary>Where it happened: <see cref="EventSources"/>.</summary>
    public required string Source { get; set; }

    /// <summary>The line, normalised; null for <see cref="EventSources.StandardInputClosed"/>.</summary>
    public string? Text { get; set; }
}

/// <summary>Why a command could not run (it threw instead of returning a result).</summary>
internal sealed record CassetteError
{
    /// <summary>What went wrong: <see cref="ErrorKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The exception's message, normalised, for people reading the cassette.</summary>
    public required string Message { get; set; }

    /// <summary>The file concerned (permission), the missing directory, or null.</summary>
    public string? Path { get; set; }

    /// <summary>Every path that was tried (not found).</summary>
    public List<string>? SearchedPaths { get; set; }

    /// <summary>Why, in words (permission, spawn).</summary>
    public string? Reason { get; set; }

    /// <summary>The OS error number (spawn).</summary>
    public int? ErrorCode { get; set; }

    /// <summary>The unsupported feature (unsupported).</summary>
    public string? Feature { get; set; }
}

/// <summary>The values of <see cref="CassetteInteraction.Verb"/>.</summary>
internal static class InteractionVerbs
{
    internal const string Output = "output";
    internal const string OutputBytes = "outputBytes";
    internal const string Start = "start";

    internal static bool IsKnown(string verb) => verb is Output or OutputBytes or Start;
}

/// <summary>The values of <see cref="CassetteEvent.Source"/>.</summary>
internal static class EventSources
{
    internal const string StandardOutput = "stdout";
    internal const string StandardError = "stderr";
    internal const string StandardInput = "stdin";
    internal const string StandardInputClosed = "stdinClosed";

    internal static bool IsKnown(string source) => source is StandardOutput or StandardError or StandardInput or StandardInputClosed;
}

/// <summary>The values of <see cref="CassetteError.Kind"/>.</summary>
internal static class ErrorKinds
{
    internal const string NotFound = "notFound";
    internal const string Permission = "permission";
    internal const string WorkingDirectoryNotFound = "workingDirectoryNotFound";
    internal const string WorkingDirectoryNotADirectory = "workingDirectoryNotADirectory";
    internal const string Spawn = "spawn";
    internal const string Unsupported = "unsupported";

    internal static bool IsKnown(string kind) => kind is NotFound or Permission or WorkingDirectoryNotFound or WorkingDirectoryNotADirectory or Spawn or Unsupported;
}

/// <summary>The values of <see cref="CassetteInteraction.StandardInput"/> other than a digest.</summary>
internal static class StandardInputValues
{
    internal const string None = "none";
    internal const string Inherit = "inherit";
    internal const string Open = "open";
    internal const string DigestPrefix = "sha256:";

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    internal static bool IsValid(string value) =>
        value is None or Inherit or Open ||
        (value.StartsWith(DigestPrefix, StringComparison.Ordinal) && value.Length == DigestPrefix.Length + 64 &&
         !value.AsSpan(DigestPrefix.Length).ContainsAnyExcept(LowerHexDigits));
}
