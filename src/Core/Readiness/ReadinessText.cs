using System.Globalization;

namespace ProcessKit;

/// <summary>The parts of readiness error messages: durations people read, and the last lines of output.</summary>
internal static class ReadinessText
{
    /// <summary>"250 ms", "5 s", "1.5 s", "2 min" ("an unlimited time" for an infinite one).</summary>
    internal static string Duration(TimeSpan duration) => duration switch
    {
        _ when duration == Timeout.InfiniteTimeSpan => "an unlimited time",
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###} ms"),
        { TotalMinutes: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.##} min"),
    };

    /// <summary>Appends the last lines (at most 20, stderr marked) to <paramref name="message"/>, when there are any.</summary>
    internal static string WithLastLines(string message, IReadOnlyList<OutputLine> lines) =>
        ProcessErrorText.WithTail(message, ProcessErrorText.Tail(string.Join('\n', lines)));
}
