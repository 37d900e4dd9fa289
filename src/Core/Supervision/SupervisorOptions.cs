using System.Globalization;

namespace ProcessKit;

/// <summary>
/// How a <see cref="Supervisor"/> keeps its command alive: when to restart, how long to wait
/// before each restart, when to give up, and how to tell that a running child is unhealthy.
/// Checked once, when the <see cref="Supervisor"/> is created: a bad value throws there, naming the
/// option and the value.
/// </summary>
/// <remarks>
/// The wait before restart <c>n</c> (counting from 0 since the last reset) is
/// <c>min(MaxBackoff, InitialBackoff * BackoffFactor^n)</c>, multiplied by a random factor in
/// <c>[1 - Jitter, 1 + Jitter]</c> and capped again at <see cref="MaxBackoff"/>. A child that ran
/// at least <see cref="ResetBackoffAfter"/> resets <c>n</c> to 0.
/// </remarks>
public sealed class SupervisorOptions
{
    /// <summary>
    /// The longest wait a supervisor accepts (backoff, health-check interval or timeout): what a
    /// <see cref="TimeProvider"/> timer can be set to, about 49 days.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimerLimit.Max;

    /// <summary>When to restart; <see cref="RestartPolicy.Always"/> by default (the supervisor keeps the command alive).</summary>
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Always;

    /// <summary>The most restarts before the supervisor gives up, or null (the default) for no limit. 0 never restarts.</summary>
    public int? MaxRestarts { get; init; }

    /// <summary>The wait before the first restart; 1 second by default. Zero restarts at once.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What each further wait is multiplied by; 2 by default, at least 1.</summary>
    public double BackoffFactor { get; init; } = 2.0;

    /// <summary>The longest wait between restarts; 30 seconds by default, at least <see cref="InitialBackoff"/>.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much each wait is randomised, as a fraction between 0 and 1 (0.1 by default: ±10%), so
    /// that supervisors restarted together do not retry in lockstep. 0 makes the waits exact.
    /// </summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>
    /// Where the jitter comes from; null (the default) for <see cref="System.Random.Shared"/>. Give a
    /// seeded <see cref="System.Random"/> for a repeatable sequence; the supervisor locks it while drawing.
    /// </summary>
    public Random? Random { get; init; }

    /// <summary>
    /// A child that ran at least this long before exiting resets the backoff to
    /// <see cref="InitialBackoff"/> (a crash after a day of service is not a crash loop); null
    /// (the default) never resets it. <see cref="MaxRestarts"/> counts every restart regardless.
    /// </summary>
    public TimeSpan? ResetBackoffAfter { get; init; }

    /// <summary>
    /// Ends the supervision (<see cref="SupervisorStopReason.StopConditionMet"/>) when it returns true
    /// for a child's result, whatever the policy says. Null by default. It sees every result,
    /// including that of a child stopped for failing its health checks. If it throws, the
    /// supervision ends with that exception.
    /// </summary>
    public Func<ProcessResult, bool>? StopWhen { get; init; }

    /// <summary>
    /// Checks a running child every <see cref="HealthCheckInterval"/>: true is healthy; false, an
    /// exception, or no answer within <see cref="HealthCheckTimeout"/> is a failure. After
    /// <see cref="HealthCheckFailureThreshold"/> failures in a row the child is stopped (SIGTERM, then
    /// SIGKILL after <see cref="StopGrace"/>) and handled as a failed exit: restarted unless the
    /// policy is <see cref="RestartPolicy.Never"/>. Null (the default): no health checks.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? HealthCheck { get; init; }

    /// <summary>The time from a child's start to its first health check, and between checks; 10 seconds by default.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one health check may take before it counts as failed (and its token is cancelled); 5 seconds by default.</summary>
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many failed health checks in a row make the child unhealthy; 3 by default, at least 1.</summary>
    public int HealthCheckFailureThreshold { get; init; } = 3;

    /// <summary>
    /// How long a child may take to exit after SIGTERM when the supervisor stops it (unhealthy, or
    /// <see cref="SupervisorSession.StopAsync"/>) before it is killed; 10 seconds by default.
    /// Measured on the command's <see cref="Command.TimeProvider"/>, as <see cref="RunningProcess.TerminateAsync"/> does.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock the backoff and the health checks wait on; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Receives each step of the supervision as it happens (<see cref="SupervisorEvent"/>). It runs
    /// on the supervision's own flow: keep it quick. If it throws, the supervision ends with that exception.
    /// </summary>
    public Action<SupervisorEvent>? OnEvent { get; init; }

    /// <summary>Throws unless every option holds a usable value; the message names the option and the value.</summary>
    internal void Validate(string paramName)
    {
        if (!Enum.IsDefined(RestartPolicy))
        {
            throw Invalid(paramName, nameof(RestartPolicy), RestartPolicy, "is not a defined RestartPolicy");
        }

        if (MaxRestarts is < 0)
        {
            throw Invalid(paramName, nameof(MaxRestarts), MaxRestarts, "is negative; use 0 to never restart, or null for no limit");
        }

        ThrowIfBadWait(paramName, nameof(InitialBackoff), InitialBackoff, allowZero: true);
        if (!double.IsFinite(BackoffFactor) || BackoffFactor < 1)
        {
            throw Invalid(paramName, nameof(BackoffFactor), BackoffFactor, "must be a finite number of at least 1, or the waits would shrink into a restart loop");
        }

        ThrowIfBadWait(paramName, nameof(MaxBackoff), MaxBackoff, allowZero: true);
        if (MaxBackoff < InitialBackoff)
        {
            throw Invalid(paramName, nameof(MaxBackoff), MaxBackoff, $"is less than InitialBackoff ({InitialBackoff})");
        }

        if (!(Jitter is >= 0 and <= 1))
        {
            throw Invalid(paramName, nameof(Jitter), Jitter, "must be a fraction between 0 and 1");
        }

        if (ResetBackoffAfter is { } reset && reset <= TimeSpan.Zero)
        {
            throw Invalid(paramName, nameof(ResetBackoffAfter), reset, "must be positive, or null to never reset the backoff");
        }

        ThrowIfBadWait(paramName, nameof(HealthCheckInterval), HealthCheckInterval, allowZero: false);
        ThrowIfBadWait(paramName, nameof(HealthCheckTimeout), HealthCheckTimeout, allowZero: false);
        if (HealthCheckFailureThreshold < 1)
        {
            throw Invalid(paramName, nameof(HealthCheckFailureThreshold), HealthCheckFailureThreshold, "must be at least 1");
        }

        ThrowIfBadWait(paramName, nameof(StopGrace), StopGrace, allowZero: true);
        if (TimeProvider is null)
        {
            throw new ArgumentException("SupervisorOptions.TimeProvider is null; leave it unset for the system clock.", paramName);
        }
    }

    private static void ThrowIfBadWait(string paramName, string option, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw Invalid(paramName, option, value, allowZero ? "is negative" : "must be positive");
        }

        if (value > MaxWait)
        {
            throw Invalid(paramName, option, value, $"is longer than the longest timer wait ({MaxWait})");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string paramName, string option, object? value, string problem) =>
        new(paramName, value, $"SupervisorOptions.{option} ({Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null"}) {problem}.");
}
