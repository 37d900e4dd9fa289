namespace ProcessKit;

/// <summary>
/// A <see cref="ProcessGroup"/> was asked for <see cref="ResourceLimits"/> that the kernel cannot
/// enforce here, so no group was created. Catch it as <see cref="NotSupportedException"/>.
/// </summary>
public sealed class ResourceLimitException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limits">The limits that were asked for.</param>
    /// <param name="reason">Why they cannot be enforced, and what would make it possible.</param>
    public ResourceLimitException(ResourceLimits limits, string reason)
        : base($"Cannot enforce the resource limits ({Describe(limits)}): {reason}")
    {
        Limits = limits;
        Reason = reason;
    }

    /// <summary>The limits that were asked for.</summary>
    public ResourceLimits Limits { get; }

    /// <summary>Why they cannot be enforced.</summary>
    public string Reason { get; }

    private static string Describe(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var parts = new List<string>(3);
        if (limits.MaxMemoryBytes is { } memory)
        {
            parts.Add(FormattableString.Invariant($"memory {memory} bytes"));
        }

        if (limits.MaxProcesses is { } processes)
        {
            parts.Add(FormattableString.Invariant($"{processes} processes"));
        }

        if (limits.CpuCores is { } cores)
        {
            parts.Add(FormattableString.Invariant($"{cores} CPU cores"));
        }

        return string.Join(", ", parts);
    }
}
