using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Builds the cassette entry of a recorded run: the request as normalised, and the response
/// (result, error or started process) normalised with the same normaliser, so numbered
/// placeholders keep their numbers between the command and its output.
/// </summary>
internal static partial class InteractionFactory
{
    /// <summary>
    /// The entry for a run whose output is text: a one-shot run, or a started process with its
    /// <paramref name="events"/> (which then hold its output: its captured text is not kept twice).
    /// </summary>
    internal static CassetteInteraction FromResult(PreparedCommand prepared, string verb, ProcessResult result, DateTimeOffset recordedAt, IReadOnlyList<CassetteEvent>? events = null, bool stoppedByCaller = false)
    {
        var normaliser = prepared.Normaliser;
        if (events is not null)
        {
            normaliser.LearnInputSecrets(events, prepared.InputIsSecret);
        }

        List<CassetteEvent>? normalisedEvents = events is null ? null
            : [.. events.Select(e => new CassetteEvent { OffsetMs = e.OffsetMs, Source = e.Source, Text = e.Text is null ? null : normaliser.Normalise(e.Text) })];
        var standardOutput = events is null ? normaliser.Normalise(result.StandardOutput) : "";
        var standardError = events is null ? normaliser.Normalise(result.StandardError) : "";
        return Build(prepared, verb, result, recordedAt, (standardOutput, false), (standardError, false)) with
        {
            Events = normalisedEvents,
            StoppedByCaller = stoppedByCaller ? true : null,
            Values = normaliser.ResponseValues(),
        };
    }

    /// <summary>The entry for a one-shot run whose output is bytes (base64 where they are not UTF-8).</summary>
    internal static CassetteInteraction FromBytes(PreparedCommand prepared, BytesResult result, DateTimeOffset recordedAt)
    {
        var standardOutput = prepared.Normaliser.NormaliseBytes(result.StandardOutput.Span);
        var standardError = prepared.Normaliser.NormaliseBytes(result.StandardError.Span);
        return Build(prepared, InteractionVerbs.OutputBytes, result, recordedAt, standardOutput, standardError) with
        {
            Values = prepared.Normaliser.ResponseValues(),
        };
    }

    /// <summary>The entry for a command that could not run, or null when <paramref name="failure"/> is not an error a cassette keeps.</summary>
    internal static CassetteInteraction? FromError(PreparedCommand prepared, string verb, Exception failure, DateTimeOffset recordedAt)
    {
        var normaliser = prepared.Normaliser;
        CassetteError? error = failure switch
        {
            ProcessNotFoundException e => new() { Kind = ErrorKinds.NotFound, Message = e.Message, SearchedPaths = [.. e.SearchedPaths] },
            ProcessPermissionException e => new() { Kind = ErrorKinds.Permission, Message = e.Message, Path = e.Path, Reason = Between(PermissionReason(), e.Message) },
            WorkingDirectoryNotFoundException e => new() { Kind = ErrorKinds.WorkingDirectoryNotFound, Message = e.Message, Path = e.Directory },
            WorkingDirectoryNotADirectoryException e => new() { Kind = ErrorKinds.WorkingDirectoryNotADirectory, Message = e.Message, Path = e.Directory },
            ProcessSpawnException e => new() { Kind = ErrorKinds.Spawn, Message = e.Message, ErrorCode = e.ErrorCode, Reason = Between(SpawnReason(), e.Message) },
            ProcessUnsupportedException e => new() { Kind = ErrorKinds.Unsupported, Message = e.Message, Feature = e.Feature },
            _ => null,
        };
        if (error is null)
        {
            return null;
        }

        var normalisedError = new CassetteError
        {
            Kind = error.Kind,
            Message = normaliser.Normalise(error.Message),
            Path = error.Path is null ? null : normaliser.Normalise(error.Path),
            SearchedPaths = error.SearchedPaths is null ? null : [.. error.SearchedPaths.Select(normaliser.Normalise)],
            Reason = error.Reason is null ? null : normaliser.Normalise(error.Reason),
            ErrorCode = error.ErrorCode,
            Feature = error.Feature,
        };
        return Request(prepared, verb, recordedAt) with
        {
            Error = normalisedError,
            Values = normaliser.ResponseValues(),
        };
    }

    /// <summary>True for the exceptions <see cref="FromError"/> keeps: the process could not run, which replays as the same exception.</summary>
    internal static bool IsRecordable(Exception failure) =>
        failure is ProcessNotFoundException or ProcessPermissionException or WorkingDirectoryNotFoundException or WorkingDirectoryNotADirectoryException
            or ProcessSpawnException or ProcessUnsupportedException;

    /// <summary>Milliseconds, to the microsecond (a cassette needs no more, and reads better).</summary>
    internal static double Milliseconds(TimeSpan span) => Math.Round(span.TotalMilliseconds, 3);

    private static CassetteInteraction Build(PreparedCommand prepared, string verb, ProcessOutcome result, DateTimeOffset recordedAt, (string Text, bool IsBase64) standardOutput, (string Text, bool IsBase64) standardError) =>
        Request(prepared, verb, recordedAt) with
        {
            ExitCode = result.ExitCode,
            Signal = result.Signal,
            TimedOut = result.TimedOut,
            ExitStatusUnknown = result.ExitStatusUnknown ? true : null,
            DurationMs = Milliseconds(result.Duration),
            StandardOutput = standardOutput.Text,
            StandardOutputBase64 = standardOutput.IsBase64 ? true : null,
            StandardOutputTruncated = result.StandardOutputTruncated ? true : null,
            StandardError = standardError.Text,
            StandardErrorBase64 = standardError.IsBase64 ? true : null,
            StandardErrorTruncated = result.StandardErrorTruncated ? true : null,
        };

    private static CassetteInteraction Request(PreparedCommand prepared, string verb, DateTimeOffset recordedAt) => new()
    {
        Verb = verb,
        Program = prepared.Request.Program,
        Arguments = [.. prepared.Request.Arguments],
        WorkingDirectory = prepared.Request.WorkingDirectory,
        EnvironmentNames = [.. prepared.Request.EnvironmentNames],
        StandardInput = prepared.Request.StandardInput,
        StandardInputLength = prepared.Input?.Length,
        TimedOut = false,
        DurationMs = 0,
        RecordedAt = new DateTimeOffset(recordedAt.UtcTicks - (recordedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
        StandardOutput = "",
        StandardError = "",
    };

    private static string? Between(Regex pattern, string message) => pattern.Match(message) is { Success: true } match ? match.Groups["reason"].Value : null;

    // The messages Core builds for these exceptions, which keep no separate reason.
    [GeneratedRegex(@"cannot be executed: (?<reason>.*)\. Check that it is a file", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PermissionReason();

    [GeneratedRegex(@"could not be started: (?<reason>.*) \(error -?[0-9]+\)\.$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SpawnReason();
}
