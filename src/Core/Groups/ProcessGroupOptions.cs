using Microsoft.Extensions.Logging;

namespace ProcessKit;

/// <summary>How a <see cref="ProcessGroup"/> behaves. Validated when the group is created.</summary>
public sealed record ProcessGroupOptions
{
    /// <summary>At teardown, how long members get after SIGTERM before SIGKILL. Two seconds by default; zero or more, and at most about 49.7 days (the longest wait a timer takes).</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether teardown kills what is left after the grace (true by default). Disposal always does.</summary>
    public bool EscalateToKill { get; init; } = true;

    /// <summary>Limits for the whole group, enforced by the kernel or refused; null for none.</summary>
    public ResourceLimits? Limits { get; init; }

    /// <summary>Receives a warning when the group falls back to a weaker mechanism, and why.</summary>
    public ILogger? Logger { get; init; }

    internal void Validate()
    {
        TimerLimit.ThrowIfInvalid(ShutdownGrace, nameof(ShutdownGrace), "The shutdown grace", allowZero: true, allowInfinite: false);
    }
}
