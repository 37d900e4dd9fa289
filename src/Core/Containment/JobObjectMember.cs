using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// One run's place in a <see cref="JobObjectBackend"/>: its child is assigned to
/// <paramref name="job"/> (after <paramref name="parent"/>, which makes the member's job nested
/// in the group's) while it is still suspended, so it runs no instruction outside. Windows has
/// no signals: whatever stops the tree kills it (<c>TerminateJobObject</c>).
/// </summary>
/// <param name="job">The member's own job: the group's itself for a private run.</param>
/// <param name="parent">The group's job for a member of a shared group, else null.</param>
/// <param name="owner">For a private run, the backend it owns and removes at its disposal.</param>
[SupportedOSPlatform("windows")]
internal sealed class JobObjectMember(JobObject job, JobObject? parent, JobObjectBackend? owner) : Containment
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.JobObject;

    /// <exception cref="System.ComponentModel.Win32Exception">Windows refused the assignment.</exception>
    internal override void Adopt(ChildProcess child)
    {
        var process = ((WindowsChildProcess)child).Handle;
        parent?.Assign(process);
        job.Assign(process);
    }

    /// <summary>A private run's descendants do not outlive it; a shared group's members stay until the group stops.</summary>
    protected override void OnLeaderExited()
    {
        if (owner is not null)
        {
            job.Terminate();
        }
    }

    /// <summary>There is no SIGTERM on Windows: a stop, graceful or not, kills the tree at once.</summary>
    internal override void SignalTree(int signal) => job.Terminate();

    internal override Task SettleAsync() =>
        owner is null ? Task.CompletedTask : job.WaitUntilEmptyAsync(SettleTimeout, TimeProvider.System, CancellationToken.None);

    /// <summary>
    /// A private run removes its backend (the tree is gone already). A shared member closes its own
    /// job without killing: what its tree left running stays in the group's job until the group stops.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (owner is not null)
        {
            owner.Dispose();
        }
        else
        {
            job.Dispose();
        }
    }
}
