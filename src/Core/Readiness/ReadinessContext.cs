using System.Collections.Concurrent;

namespace ProcessKit;

/// <summary>
/// One wait for readiness, as a probe sees it: the process being waited on (if any), the clock,
/// and how often polling probes check. Made by the wait; a probe of your own receives it in
/// <see cref="ReadinessProbe.WaitAsync"/>.
/// </summary>
public sealed class ReadinessContext
{
    private readonly Progress _progress;

    internal ReadinessContext(RunningProcess? process, TimeProvider timeProvider)
        : this(process, timeProvider, DefaultPollInterval, new Progress())
    {
    }

    private ReadinessContext(RunningProcess? process, TimeProvider timeProvider, TimeSpan pollInterval, Progress progress)
    {
        Process = process;
        TimeProvider = timeProvider;
        PollInterval = pollInterval;
        _progress = progress;
    }

    /// <summary>
    /// How long polling probes (port, HTTP, file, socket, condition) pause between two checks unless
    /// <see cref="ReadinessProbe.WithPollInterval"/> says otherwise: 5 ms, so a server is seen ready
    /// within a few milliseconds of listening (a refused loopback connect or a file check costs
    /// microseconds, so polling stays cheap for minutes).
    /// </summary>
    public static TimeSpan DefaultPollInterval { get; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The process being waited on, or null when the wait has none (a server that was already running).</summary>
    public RunningProcess? Process { get; }

    /// <summary>The clock of the wait: the timeout and every poll pause run on it.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>How long a polling probe pauses between two checks.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>Waits one <see cref="PollInterval"/> on <see cref="TimeProvider"/>.</summary>
    /// <param name="cancellationToken">The probe's token.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task WaitForNextPollAsync(CancellationToken cancellationToken) =>
        Task.Delay(PollInterval, TimeProvider, cancellationToken);

    /// <summary>
    /// Records what the last check of <paramref name="probe"/> found when it was not ready
    /// ("connection refused", "answered 503"); a timeout message shows it beside the probe.
    /// </summary>
    /// <param name="probe">The probe that checked.</param>
    /// <param name="finding">What it found, short.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void ReportCheck(ReadinessProbe probe, string finding)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(finding);
        _progress.Findings[probe] = finding;
    }

    /// <summary>The same wait with another poll interval (what the probes inside a <see cref="ReadinessProbe.WithPollInterval"/> see).</summary>
    internal ReadinessContext WithPollInterval(TimeSpan pollInterval) =>
        new(Process, TimeProvider, pollInterval, _progress);

    /// <summary>Records that <paramref name="probe"/> has been ready in this wait (combined probes report only the pending rest).</summary>
    internal void MarkReady(ReadinessProbe probe) => _progress.Ready[probe] = true;

    internal bool WasReady(ReadinessProbe probe) => _progress.Ready.ContainsKey(probe);

    internal string? LastFinding(ReadinessProbe probe) => _progress.Findings.GetValueOrDefault(probe);

    /// <summary>
    /// What the probes of one wait have found so far, shared by every context of the wait. Keyed
    /// by probe instance, as probes are immutable and may be shared between waits.
    /// </summary>
    private sealed class Progress
    {
        internal ConcurrentDictionary<ReadinessProbe, bool> Ready { get; } = new(ReferenceEqualityComparer.Instance);

        internal ConcurrentDictionary<ReadinessProbe, string> Findings { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
