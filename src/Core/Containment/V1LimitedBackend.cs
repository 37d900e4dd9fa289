using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// A container whose limits are enforced through cgroup v1 (a hybrid host, see
/// <see cref="V1LimitCgroups"/>): the mechanism's backend holds, signals and kills the tree, the
/// v1 groups only limit and count. The figures of a limit come from the hierarchy that enforces it.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class V1LimitedBackend(ContainerBackend inner, V1LimitCgroups limits) : ContainerBackend($"{inner.Reason}; {limits.Description}")
{
    internal override ContainmentMechanism Mechanism => inner.Mechanism;

    /// <exception cref="ObjectDisposedException">The group is being removed.</exception>
    internal override Containment CreateMember()
    {
        var member = inner.CreateMember();
        try
        {
            return new V1LimitedContainment(member, limits.CreateMember());
        }
        catch
        {
            member.Dispose();
            throw;
        }
    }

    internal override Containment CreatePrivateMember() =>
        new V1LimitedContainment(inner.CreatePrivateMember(), new V1LimitMember(limits, memory: null, limits.ProcsFiles));

    internal override IReadOnlyList<int> LiveProcesses() => inner.LiveProcesses();

    internal override int Signal(int signal) => inner.Signal(signal);

    internal override void Freeze(bool frozen) => inner.Freeze(frozen);

    internal override void KillAll() => inner.KillAll();

    internal override Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        inner.WaitUntilEmptyAsync(timeout, time, cancellationToken);

    internal override Task<bool> WaitUntilStoppedAsync(int signal, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        inner.WaitUntilStoppedAsync(signal, timeout, time, cancellationToken);

    internal override ProcessGroupStats Stats()
    {
        var own = inner.Stats();
        return own with
        {
            PeakProcesses = limits.PeakProcesses ?? own.PeakProcesses,
            PeakMemoryBytes = limits.PeakMemoryBytes ?? own.PeakMemoryBytes,
            TotalCpuTime = limits.CpuTime ?? own.TotalCpuTime,
            OomKills = limits.OomKills ?? own.OomKills,
            FailedForks = limits.FailedForks ?? own.FailedForks,
        };
    }

    /// <summary>The mechanism's teardown empties the tree; then the v1 groups are removed.</summary>
    protected override void Dispose(bool disposing)
    {
        inner.Dispose();
        limits.Remove();
    }
}
