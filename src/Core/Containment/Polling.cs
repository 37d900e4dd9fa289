namespace ProcessKit;

/// <summary>
/// Waiting for a kernel state that offers no notification this library uses (an empty container):
/// polls from 1 ms, doubling up to 20 ms, so a quick teardown is seen at once and a slow one costs
/// little CPU. Bounded, and on the caller's <see cref="TimeProvider"/>.
/// </summary>
internal static class Polling
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="done"/> holds, or <paramref name="timeout"/> passes; true when it holds.</summary>
    internal static async Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var interval = TimeSpan.FromMilliseconds(1);
        while (!done())
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }

        return true;
    }
}
