using System.Globalization;

namespace ProcessKit.Cli;

/// <summary>
/// Reads durations written the way people write them on a command line: a non-negative number
/// and a unit, <c>500ms</c>, <c>2s</c>, <c>1.5s</c>, <c>1m</c>, <c>1h</c>. A bare <c>0</c> is
/// zero; any other number needs its unit, so that <c>--grace 2</c> is never silently two
/// milliseconds or two minutes.
/// </summary>
internal static class DurationParser
{
    private static readonly (string Suffix, double MillisecondsPerUnit)[] Units =
    [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure, <paramref name="error"/> says what is wrong and what is expected.</summary>
    internal static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            error = "";
            return true;
        }

        // "ms" is tried before "m" and "s", so the longest unit wins.
        foreach (var (suffix, millisecondsPerUnit) in Units)
        {
            if (!trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var number = trimmed[..^suffix.Length];
            if (number.Length == 0 || !char.IsAsciiDigit(number[^1])
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                break;
            }

            var milliseconds = value * millisecondsPerUnit;
            // The library's limit for every grace and timeout: the longest wait a timer takes.
            if (milliseconds > TimerLimit.Max.TotalMilliseconds)
            {
                error = $"'{text}' is too long a duration: at most {TimerLimit.Max.TotalDays:0.#} days.";
                return false;
            }

            duration = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
            error = "";
            return true;
        }

        error = $"'{text}' is not a duration: give a non-negative number and a unit, for example 500ms, 2s, 1.5s, 1m or 1h.";
        return false;
    }
}
