using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// A Windows Job Object with <c>JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE</c>: every process of the
/// group, and everything it starts, is in the job (a process cannot leave it), and when the job's
/// handle closes (disposal, or this process dying however it dies) Windows kills them all. Each
/// member of a shared group gets a job of its own nested in the group's (Windows 8 and later), so
/// one member's timeout kills only its own tree; a private run uses the group's job itself.
/// Resource limits are set on the group's job and enforced by Windows.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class JobObjectBackend : ContainerBackend
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private readonly JobObject _job;
    private readonly Lock _gate = new();
    private JobObjectSuspension? _suspension;

    private JobObjectBackend(JobObject job, string reason)
        : base(reason) => _job = job;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.JobObject;

    /// <summary>Creates the group's job and applies <paramref name="limits"/>, or throws.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The job could not be created.</exception>
    /// <exception cref="ResourceLimitException">Windows refused a limit.</exception>
    internal static JobObjectBackend Create(ResourceLimits? limits, string reason)
    {
        var job = JobObject.Create(killOnClose: true);
        if (limits is not null)
        {
            try
            {
                job.Limit(limits);
            }
            catch
            {
                job.Dispose();
                throw;
            }
        }

        return new JobObjectBackend(job, reason);
    }

    internal override Containment CreateMember() => new JobObjectMember(JobObject.Create(killOnClose: false), parent: _job, owner: null);

    internal override Containment CreatePrivateMember() => new JobObjectMember(_job, parent: null, owner: this);

    internal override IReadOnlyList<int> LiveProcesses() => _job.ProcessIds();

    internal override int Signal(int signal)
    {
        if (signal != SignalNames.SigKill)
        {
            throw new PlatformNotSupportedException($"Windows has no POSIX signals: only a kill (signal {SignalNames.SigKill}, TerminateJobObject) can be sent to a group, not signal {signal}.");
        }

        KillAll();
        return 0;
    }

    internal override void Freeze(bool frozen)
    {
        lock (_gate)
        {
            if (frozen)
            {
                (_suspension ??= new JobObjectSuspension()).Suspend(_job);
            }
            else
            {
                ReleaseSuspension();
            }
        }
    }

    internal override void KillAll()
    {
        _job.Terminate();
        lock (_gate)
        {
            ReleaseSuspension(); // the suspended threads are dead: only their handles are left
        }
    }

    internal override Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _job.WaitUntilEmptyAsync(timeout, time, cancellationToken);

    /// <summary>Windows counts no peak of processes: that figure is null (and under Wine, CPU time and peak memory too).</summary>
    internal override ProcessGroupStats Stats()
    {
        var (active, cpu, peakMemory) = _job.Accounting();
        return new ProcessGroupStats(active, null, peakMemory, cpu);
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            _job.Terminate();
            _job.WaitUntilEmptyAsync(DisposeWait, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
            lock (_gate)
            {
                ReleaseSuspension();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The handle's kill-on-close below is the last word.
        }

        _job.Dispose();
    }

    /// <summary>Resumes what the suspension holds and forgets it. Called under the gate.</summary>
    private void ReleaseSuspension()
    {
        _suspension?.Resume();
        _suspension = null;
    }
}
