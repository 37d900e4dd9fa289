using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing.Cassettes;

/// <summary>What a <see cref="RecordReplayRunner"/> logs.</summary>
internal static partial class CassetteLog
{
    [LoggerMessage(1, LogLevel.Debug, "Replayed {Command} from the cassette {CassettePath}")]
    internal static partial void Replayed(ILogger logger, CassetteRequest command, string cassettePath);

    [LoggerMessage(2, LogLevel.Debug, "Recording {Command} for the cassette {CassettePath}")]
    internal static partial void Recording(ILogger logger, CassetteRequest command, string cassettePath);

    [LoggerMessage(3, LogLevel.Information, "Saved {Count} new interaction(s) to the cassette {CassettePath}")]
    internal static partial void Saved(ILogger logger, int count, string cassettePath);

    [LoggerMessage(4, LogLevel.Information, "Not saving {Count} recorded interaction(s) to the cassette {CassettePath}: the test was marked failed")]
    internal static partial void Discarded(ILogger logger, int count, string cassettePath);

    [LoggerMessage(5, LogLevel.Information, "Waiting for the lock {LockPath}: another writer is saving the same cassette")]
    internal static partial void WaitingForLock(ILogger logger, string lockPath);

    [LoggerMessage(6, LogLevel.Warning, "Not recording {Command} in the cassette {CassettePath}: the started process failed ({Failure})")]
    internal static partial void NotRecorded(ILogger logger, CassetteRequest command, string cassettePath, string failure);
}
