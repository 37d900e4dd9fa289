using System.Diagnostics.Contracts;
using System.Net;
using System.Text.RegularExpressions;

namespace ProcessKit;

/// <summary>
/// What "ready" means for a started server: a line in its output, an open TCP port, an HTTP
/// status, a file, a unix socket, any async condition, or all / any of these. A probe is an
/// immutable description; <see cref="WaitUntilReadyAsync"/> (or
/// <see cref="RunningProcess.WaitUntilReadyAsync"/>) waits for it under one timeout.
/// </summary>
/// <remarks>
/// <para>
/// A probe never kills or signals the process: when a wait fails, the caller decides what to do
/// with the child. While a probe waits on a process, the process exiting ends the wait at once
/// with <see cref="ProcessExitedBeforeReadyException"/>; the timeout ends it with
/// <see cref="ReadinessTimeoutException"/>; cancellation with <see cref="OperationCanceledException"/>.
/// </para>
/// <para>
/// Line probes see each line as it arrives (no polling), including the recent lines written before
/// the wait began. The other probes check at once and then every
/// <see cref="ReadinessContext.PollInterval"/> (<see cref="ReadinessContext.DefaultPollInterval"/>
/// unless <see cref="WithPollInterval"/> says otherwise), on the wait's <see cref="TimeProvider"/>.
/// </para>
/// <para>
/// Derive from this class for a probe of your own: implement <see cref="Description"/> and
/// <see cref="WaitAsync"/>. For a condition that is simply checked again and again,
/// <see cref="Condition"/> is enough.
/// </para>
/// </remarks>
public abstract class ReadinessProbe
{
    /// <summary>What is awaited, for messages: for example "a line matching /ready/ on standard output".</summary>
    public abstract string Description { get; }

    /// <summary>Ready once the process writes a line that <paramref name="pattern"/> matches.</summary>
    /// <param name="pattern">Matched against each line, without its terminator.</param>
    /// <param name="source">The stream to watch; null (the default) watches both.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is not an <see cref="OutputSource"/> value.</exception>
    public static ReadinessProbe Line(Regex pattern, OutputSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new LineProbe(pattern.IsMatch, $"a line matching /{pattern}/", ValidSource(source));
    }

    /// <summary>Ready once the process writes a line for which <paramref name="predicate"/> is true.</summary>
    /// <param name="predicate">
    /// Called with each line's text as it arrives (after the recent lines), one call at a time, on
    /// the thread that reads the output: keep it quick. An exception it throws ends the wait with that exception.
    /// </param>
    /// <param name="description">What the predicate looks for, for messages ("a line starting with 'port='").</param>
    /// <param name="source">The stream to watch; null (the default) watches both.</param>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> or <paramref name="description"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is not an <see cref="OutputSource"/> value.</exception>
    public static ReadinessProbe Line(Func<string, bool> predicate, string description, OutputSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new LineProbe(predicate, description, ValidSource(source));
    }

    /// <summary>Ready once a TCP connection to <paramref name="host"/>:<paramref name="port"/> succeeds (it is closed at once).</summary>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="host">An IP address or a host name (every address it resolves to is tried); the loopback address by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null or blank.</exception>
    public static ReadinessProbe TcpPort(int port, string host = "127.0.0.1")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return new TcpPortProbe(host, port);
    }

    /// <summary>
    /// Ready once a GET of <paramref name="url"/> answers a status that <paramref name="isReady"/>
    /// accepts. A refused connection, any <see cref="HttpRequestException"/> and a request that
    /// times out mean "not ready yet".
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="isReady">Which statuses mean ready; by default any 2xx. An exception it throws ends the wait with that exception.</param>
    /// <param name="client">
    /// The client to send with (its timeout bounds each request). By default one shared client that
    /// uses no proxy and gives each request 5 seconds; pass your own for a proxy, certificates or headers.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is relative or not http(s).</exception>
    public static ReadinessProbe Http(Uri url, Func<HttpStatusCode, bool>? isReady = null, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"An HTTP readiness probe needs an absolute http or https URL, got '{url.OriginalString}'.", nameof(url));
        }

        return new HttpProbe(url, isReady, client);
    }

    /// <summary>Ready once a file exists at <paramref name="path"/> (a directory does not count).</summary>
    /// <param name="path">The file; a relative path is taken from this process's current directory, now.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, blank or not a valid path.</exception>
    public static ReadinessProbe FileExists(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new FileExistsProbe(FullPath(path, nameof(path)));
    }

    /// <summary>Ready once a connection to the unix domain socket at <paramref name="path"/> succeeds (it is closed at once).</summary>
    /// <param name="path">The socket file; a relative path is taken from this process's current directory, now.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, blank, not a valid path, or too long for a socket address.</exception>
    public static ReadinessProbe UnixSocket(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = FullPath(path, nameof(path));
        try
        {
            return new UnixSocketProbe(fullPath);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"'{fullPath}' is too long for a unix socket address: {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Ready once <paramref name="isReady"/> returns true; it is called at once and then at every poll.</summary>
    /// <param name="description">What is awaited, for messages ("the schema to be migrated").</param>
    /// <param name="isReady">
    /// The check. It receives the wait's token: honour it, as the wait ends without waiting for a
    /// check that ignores it. An exception it throws ends the wait with that exception.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> or <paramref name="isReady"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is blank.</exception>
    public static ReadinessProbe Condition(string description, Func<CancellationToken, Task<bool>> isReady)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(isReady);
        return new ConditionProbe(description, isReady);
    }

    /// <summary>
    /// Ready once every one of <paramref name="probes"/> has been ready (they are awaited at the same
    /// time; each stays counted once it was ready). On a timeout the message lists those still pending.
    /// </summary>
    /// <param name="probes">At least one probe.</param>
    /// <exception cref="ArgumentNullException"><paramref name="probes"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="probes"/> is empty.</exception>
    public static ReadinessProbe All(params IEnumerable<ReadinessProbe> probes) =>
        new AllProbe(Members(probes, nameof(probes)));

    /// <summary>Ready as soon as one of <paramref name="probes"/> is; the others are then stopped.</summary>
    /// <param name="probes">At least one probe.</param>
    /// <exception cref="ArgumentNullException"><paramref name="probes"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="probes"/> is empty.</exception>
    public static ReadinessProbe Any(params IEnumerable<ReadinessProbe> probes) =>
        new AnyProbe(Members(probes, nameof(probes)));

    /// <summary>This probe, checked every <paramref name="interval"/> instead of <see cref="ReadinessContext.DefaultPollInterval"/> (for every polling probe inside it).</summary>
    /// <param name="interval">The pause between two checks; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is zero, negative, infinite or longer than about 49.7 days (the longest wait a timer takes).</exception>
    [Pure]
    public ReadinessProbe WithPollInterval(TimeSpan interval)
    {
        TimerLimit.ThrowIfInvalid(interval, nameof(interval), "The poll interval", allowZero: false, allowInfinite: false);
        return new PollIntervalProbe(this, interval);
    }

    /// <summary>
    /// Waits until the probe is ready. With a <paramref name="process"/>, its exit ends the wait at
    /// once (fail fast); without one (a server that was already running) only the timeout or
    /// cancellation does. The process is never killed or signalled.
    /// </summary>
    /// <param name="process">The process whose output line probes watch and whose exit fails the wait; null to wait without one.</param>
    /// <param name="timeout">How long to wait: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="timeProvider">The clock for the timeout and the polls; by default the process's <see cref="Command.TimeProvider"/>, else the system clock.</param>
    /// <param name="cancellationToken">Stops waiting; the process keeps running.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative (other than infinite) or longer than about 49.7 days (the longest wait a timer takes).</exception>
    /// <exception cref="ProcessExitedBeforeReadyException">The process exited (or ended in failure) before the probe was ready.</exception>
    /// <exception cref="ReadinessTimeoutException">The probe was not ready within <paramref name="timeout"/>; the process is left running.</exception>
    /// <exception cref="InvalidOperationException">A line probe was awaited without a process.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task WaitUntilReadyAsync(RunningProcess? process, TimeSpan timeout, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ReadinessWait.ValidateTimeout(timeout);
        return ReadinessWait.RunAsync(this, static (probe, context, token) => probe.StartWaitAsync(context, token), static _ => true, process, timeout, timeProvider ?? process?.Command.TimeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Completes when the probe is ready. It never completes otherwise: the caller (the wait) ends
    /// it through <paramref name="cancellationToken"/> on a timeout, an exit or cancellation. A
    /// fault means the probe itself failed (a bug in a predicate, a line probe without a process).
    /// </summary>
    /// <param name="context">The process (if any), the clock and the poll interval of this wait.</param>
    /// <param name="cancellationToken">Cancelled when the wait is over; stop then.</param>
    protected internal abstract Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Description;

    /// <summary>
    /// What is still awaited in this wait (the description, with what the last check found), or
    /// null once the probe has been ready in it.
    /// </summary>
    internal virtual string? DescribePending(ReadinessContext context) =>
        context.WasReady(this) ? null
        : context.LastFinding(this) is { } last ? $"{Description} (last check: {last})"
        : Description;

    /// <summary>
    /// Starts <see cref="WaitAsync"/> so that a synchronous throw or a null task becomes a faulted
    /// task (a thrown <see cref="OperationCanceledException"/> a cancelled one), as an <c>async</c>
    /// wrapper would make it, without being one: the task is the probe's own, so its completion
    /// reaches the wait with no step between.
    /// </summary>
    internal Task StartWaitAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        try
        {
            return WaitAsync(context, cancellationToken)
                ?? Task.FromException(new InvalidOperationException($"The readiness probe {GetType().Name} returned no task from WaitAsync."));
        }
        catch (OperationCanceledException e)
        {
            var cancelled = new TaskCompletionSource();
            cancelled.SetCanceled(e.CancellationToken);
            return cancelled.Task;
        }
#pragma warning disable CA1031 // A custom probe's bug is the wait's error, delivered through the task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException(e);
        }
    }

    private static OutputSource? ValidSource(OutputSource? source)
    {
        if (source is { } value && !Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(source), value, "Not an OutputSource: use StandardOutput, StandardError, or null for both.");
        }

        return source;
    }

    private static string FullPath(string path, string name)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"'{path}' is not a valid path: {e.Message}", name, e);
        }
    }

    private static ReadinessProbe[] Members(IEnumerable<ReadinessProbe> probes, string name)
    {
        ArgumentNullException.ThrowIfNull(probes, name);
        ReadinessProbe[] members = [.. probes];
        if (members.Length == 0)
        {
            throw new ArgumentException("Combining readiness probes needs at least one probe.", name);
        }

        var missing = Array.IndexOf(members, null);
        if (missing >= 0)
        {
            throw new ArgumentNullException(name, $"The readiness probe at index {missing} is null.");
        }

        return members;
    }
}
