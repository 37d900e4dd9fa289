namespace ProcessKit.Testing.Isolation;

/// <summary>
/// The statistics of one phase's times (or of whole iterations): count, total, mean, median,
/// standard deviation, minimum, maximum and percentiles. Every figure is zero when nothing was timed.
/// </summary>
public sealed class TimingSummary
{
    private readonly TimeSpan[] _sorted;

    internal TimingSummary(IReadOnlyList<TimeSpan> samples)
    {
        Samples = samples;
        _sorted = [.. samples.Order()];
        Count = samples.Count;
        if (Count == 0)
        {
            return;
        }

        var ticks = samples.Select(s => (double)s.Ticks).ToArray();
        var mean = ticks.Average();
        Total = TimeSpan.FromTicks(samples.Sum(s => s.Ticks));
        Mean = TimeSpan.FromTicks((long)Math.Round(mean));
        StandardDeviation = TimeSpan.FromTicks((long)Math.Round(Math.Sqrt(ticks.Sum(t => (t - mean) * (t - mean)) / Count)));
        Min = _sorted[0];
        Max = _sorted[^1];
    }

    /// <summary>How many times were taken.</summary>
    public int Count { get; }

    /// <summary>Every time, in the order taken.</summary>
    public IReadOnlyList<TimeSpan> Samples { get; }

    /// <summary>The sum of the times.</summary>
    public TimeSpan Total { get; }

    /// <summary>The arithmetic mean.</summary>
    public TimeSpan Mean { get; }

    /// <summary>The middle time (the 50th percentile).</summary>
    public TimeSpan Median => Percentile(50);

    /// <summary>The population standard deviation.</summary>
    public TimeSpan StandardDeviation { get; }

    /// <summary>The shortest time.</summary>
    public TimeSpan Min { get; }

    /// <summary>The longest time.</summary>
    public TimeSpan Max { get; }

    /// <summary>The 90th percentile.</summary>
    public TimeSpan P90 => Percentile(90);

    /// <summary>The 95th percentile.</summary>
    public TimeSpan P95 => Percentile(95);

    /// <summary>The 99th percentile.</summary>
    public TimeSpan P99 => Percentile(99);

    /// <summary>The time below which <paramref name="percent"/> % of the times fall, interpolated linearly between the two nearest times.</summary>
    /// <param name="percent">From 0 (the minimum) to 100 (the maximum).</param>
    /// <returns>The percentile; zero when nothing was timed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside 0 to 100.</exception>
    public TimeSpan Percentile(double percent)
    {
        if (percent is < 0 or > 100 || double.IsNaN(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is from 0 to 100.");
        }

        if (_sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = percent / 100 * (_sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        var fraction = rank - below;
        return TimeSpan.FromTicks((long)Math.Round(_sorted[below].Ticks + ((_sorted[above].Ticks - _sorted[below].Ticks) * fraction)));
    }

    /// <summary>The figures in one line, as a report shows them.</summary>
    public override string ToString() => System.FormattableString.Invariant(
        $"n={Count} mean={Mean.TotalMilliseconds:0.###} ms median={Median.TotalMilliseconds:0.###} ms sd={StandardDeviation.TotalMilliseconds:0.###} ms min={Min.TotalMilliseconds:0.###} ms max={Max.TotalMilliseconds:0.###} ms p95={P95.TotalMilliseconds:0.###} ms");
}
