namespace ProcessKit;

/// <summary>The wait before a restart: exponential, capped, jittered (see <see cref="SupervisorOptions"/>).</summary>
internal static class RestartBackoff
{
    /// <summary>The wait before restart <paramref name="attempt"/> (0 for the first since the last reset).</summary>
    internal static TimeSpan Delay(SupervisorOptions options, int attempt)
    {
        // In double ticks, so a large factor^attempt saturates at the cap instead of overflowing.
        var cap = (double)options.MaxBackoff.Ticks;
        var ticks = Math.Min(cap, options.InitialBackoff.Ticks * Math.Pow(options.BackoffFactor, attempt));
        if (options.Jitter > 0)
        {
            ticks = Math.Min(cap, ticks * (1 + (options.Jitter * ((2 * NextDouble(options.Random)) - 1))));
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    private static double NextDouble(Random? random)
    {
        if (random is null)
        {
            return Random.Shared.NextDouble();
        }

        // A caller's Random is not thread-safe, and one may serve several sessions.
        lock (random)
        {
            return random.NextDouble();
        }
    }
}
