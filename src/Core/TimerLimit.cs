using System.Globalization;

namespace ProcessKit;

/// <summary>
/// The one rule for every timeout, grace and interval the library takes: at most <see cref="Max"/>,
/// the longest wait a <see cref="TimeProvider"/> timer can be set to (<c>uint.MaxValue - 1</c>
/// milliseconds, about 49.7 days). A longer value cannot be honoured, so the call that supplies it
/// refuses it, instead of a timer failing with an unrelated error when the run begins.
/// <see cref="Timeout.InfiniteTimeSpan"/> is "no limit" wherever a member says it takes it.
/// </summary>
internal static class TimerLimit
{
    /// <summary>The longest finite wait: 49 days, 17:02:47.294.</summary>
    internal static readonly TimeSpan Max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Throws unless <paramref name="value"/> is between zero (or just above it, unless
    /// <paramref name="allowZero"/>) and <see cref="Max"/>, or infinite when <paramref name="allowInfinite"/>.
    /// </summary>
    /// <param name="value">The wait.</param>
    /// <param name="paramName">The parameter that supplied it, named in the exception.</param>
    /// <param name="what">What it is, for the message ("The timeout", "The grace").</param>
    /// <param name="allowZero">Zero is a valid wait (a grace: none).</param>
    /// <param name="allowInfinite"><see cref="Timeout.InfiniteTimeSpan"/> means no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of that range.</exception>
    internal static void ThrowIfInvalid(TimeSpan value, string paramName, string what, bool allowZero, bool allowInfinite)
    {
        if (allowInfinite && value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value < TimeSpan.Zero || value > Max || (!allowZero && value == TimeSpan.Zero))
        {
            var lowest = allowZero ? "zero or more" : "positive";
            var infinite = allowInfinite ? ", or Timeout.InfiniteTimeSpan for none" : "";
            throw new ArgumentOutOfRangeException(paramName, value,
                $"{what} must be {lowest} and at most {Describe(Max)} (the longest wait a timer takes){infinite}.");
        }
    }

    /// <summary><paramref name="value"/>, or <see cref="Max"/> if longer: for bounds the library derives from a valid one (a grace plus a margin).</summary>
    internal static TimeSpan Cap(TimeSpan value) => value > Max ? Max : value;

    /// <summary>"49.7 days (49.17:02:47.294)": the number a reader can act on, then the exact value.</summary>
    private static string Describe(TimeSpan value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.TotalDays:0.#} days ({value:c})");
}
