using System.Text.RegularExpressions;

namespace ProcessKit;

// Readiness waits on a started process; the probes and the wait itself live in src/Core/Readiness.
public abstract partial class RunningProcess
{
    /// <summary>
    /// Waits until <paramref name="probe"/> is ready, on the command's <see cref="Command.TimeProvider"/>.
    /// If the process exits first, throws at once. Never kills or signals the process, whatever happens.
    /// </summary>
    /// <param name="probe">What ready means.</param>
    /// <param name="timeout">How long to wait: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Stops waiting; the process keeps running.</param>
    /// <exception cref="ArgumentNullException"><paramref name="probe"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative (other than infinite) or longer than about 49.7 days (the longest wait a timer takes).</exception>
    /// <exception cref="ProcessExitedBeforeReadyException">The process exited before the probe was ready; it carries the exit status and the last lines.</exception>
    /// <exception cref="ReadinessTimeoutException">Not ready within <paramref name="timeout"/>; the process is left running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task WaitUntilReadyAsync(ReadinessProbe probe, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.WaitUntilReadyAsync(this, timeout, Command.TimeProvider, cancellationToken);
    }

    /// <summary>
    /// Waits for a line that <paramref name="pattern"/> matches and returns it. Lines are matched as
    /// they arrive, and the recent lines (<see cref="RecentLines"/>) first, so a line written before
    /// the call counts, even if it was already read: calling this twice with the same pattern
    /// returns the same line.
    /// </summary>
    /// <param name="pattern">Matched against each line, without its terminator.</param>
    /// <param name="timeout">How long to wait: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="source">The stream to watch; null (the default) watches both.</param>
    /// <param name="cancellationToken">Stops waiting; the process keeps running.</param>
    /// <returns>The first matching line, with its stream and time.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> or <paramref name="source"/> is out of range.</exception>
    /// <exception cref="ProcessExitedBeforeReadyException">The process exited without writing such a line.</exception>
    /// <exception cref="ReadinessTimeoutException">No such line within <paramref name="timeout"/>; the process is left running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<OutputLine> WaitForLineAsync(Regex pattern, TimeSpan timeout, OutputSource? source = null, CancellationToken cancellationToken = default)
    {
        var probe = (LineProbe)ReadinessProbe.Line(pattern, source);
        ReadinessWait.ValidateTimeout(timeout);
        return ReadinessWait.RunAsync(probe, static (p, context, token) => ((LineProbe)p).WaitForLineAsync(context, token), static found => ((Task<OutputLine>)found).Result, this, timeout, Command.TimeProvider, cancellationToken);
    }

    /// <summary>Waits until a TCP connect to 127.0.0.1:<paramref name="port"/> succeeds; see <see cref="WaitUntilReadyAsync"/>.</summary>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="timeout">How long to wait: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Stops waiting; the process keeps running.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> or <paramref name="timeout"/> is out of range.</exception>
    /// <exception cref="ProcessExitedBeforeReadyException">The process exited before the port accepted a connection.</exception>
    /// <exception cref="ReadinessTimeoutException">The port did not accept a connection within <paramref name="timeout"/>; the process is left running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntilReadyAsync(ReadinessProbe.TcpPort(port), timeout, cancellationToken);
}
