using System.Collections.Concurrent;
using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// Windows until the Job Object backend lands: each member's tree is found by walking parent ids.
/// There are no POSIX signals: a kill is the only signal.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class ProcessTreeBackend(string reason) : ContainerBackend(reason)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private readonly ConcurrentDictionary<ProcessTreeContainment, byte> _members = new();

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessTree;

    internal override Containment CreateMember() => Track(new ProcessTreeContainment(this, isPrivate: false));

    internal override Containment CreatePrivateMember() => Track(new ProcessTreeContainment(this, isPrivate: true));

    internal void Forget(ProcessTreeContainment member) => _members.TryRemove(member, out _);

    internal override IReadOnlyList<int> LiveProcesses() =>
        [.. _members.Keys.Where(m => !m.HasExited).Select(m => m.Id)];

    internal override int Signal(int signal)
    {
        if (signal != SignalNames.SigKill)
        {
            throw new PlatformNotSupportedException($"Windows has no POSIX signals; only a kill (signal {SignalNames.SigKill}) can be sent to a group.");
        }

        KillAll();
        return 0;
    }

    internal override void Freeze(bool frozen) =>
        throw new PlatformNotSupportedException("Suspending a process group needs the Job Object backend, which is not built yet.");

    internal override void KillAll()
    {
        foreach (var member in _members.Keys)
        {
            member.KillTree();
        }
    }

    internal override async Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (LiveProcesses().Count > 0)
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    internal override ProcessGroupStats Stats() => new(LiveProcesses().Count, null, null, null);

    protected override void Dispose(bool disposing) => KillAll();

    private ProcessTreeContainment Track(ProcessTreeContainment member)
    {
        _members[member] = 0;
        return member;
    }
}
