using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// POSIX process groups (the Linux fallback, and macOS): each member leads a process group of its
/// own, and every process of the container carries the marker <c>PROCESSKIT_CONTAINER=&lt;token&gt;</c>
/// in its environment. On Linux, teardown also finds marked processes through <c>/proc</c>, which
/// reaches descendants that left their process group with <c>setsid</c>; one that also cleared
/// its environment stays out of reach. macOS has no <c>/proc</c>: there only the process groups count.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupBackend : ContainerBackend
{
    /// <summary>The environment variable that marks every process of a container.</summary>
    internal const string MarkerVariable = "PROCESSKIT_CONTAINER";

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(20);
    private static int _lastGroup;
    private readonly ConcurrentDictionary<ProcessGroupMember, byte> _members = new();

    internal ProcessGroupBackend(string reason)
        : base(reason)
    {
        if (OperatingSystem.IsLinux())
        {
            Watchdog.EnsureStarted();
        }

        Token = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref _lastGroup)}-{Guid.NewGuid():N}");
    }

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

    internal string Token { get; }

    internal KeyValuePair<string, string> Marker => new(MarkerVariable, Token);

    internal override Containment CreateMember() => Track(new ProcessGroupMember(this, isPrivate: false));

    internal override Containment CreatePrivateMember() => Track(new ProcessGroupMember(this, isPrivate: true));

    internal void Forget(ProcessGroupMember member) => _members.TryRemove(member, out _);

    internal override IReadOnlyList<int> LiveProcesses() => Find().All;

    internal override int Signal(int signal)
    {
        var found = Find();
        foreach (var member in _members.Keys)
        {
            member.SignalTree(signal);
        }

        foreach (var pid in found.OnlyByMarker)
        {
            _ = Libc.kill(pid, signal);
        }

        return found.OnlyByMarker.Count;
    }

    internal override void Freeze(bool frozen) => Signal(frozen ? SignalNames.SigStop : SignalNames.SigCont);

    internal override void KillAll() => Signal(SignalNames.SigKill);

    internal override async Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var interval = TimeSpan.FromMilliseconds(1);
        while (Find().All.Count > 0)
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
        }

        return true;
    }

    internal override ProcessGroupStats Stats() => new(Find().All.Count, null, null, null);

    /// <summary>
    /// Kills every process carrying the marker and waits until each is gone. Each is opened as a
    /// pidfd, checked again for the marker through that pidfd's pid, and killed through the pidfd,
    /// so a pid reused in between is never hit.
    /// </summary>
    internal void KillStragglers()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var needle = System.Text.Encoding.UTF8.GetBytes(MarkerVariable + "=" + Token);
        var buffer = new byte[64 * 1024];
        var pidfds = new List<int>();
        try
        {
            foreach (var pid in Find().All)
            {
                var pidfd = LinuxNative.PidfdOpen(pid);
                if (pidfd < 0)
                {
                    continue; // already gone
                }

                pidfds.Add(pidfd);
                if (ProcfsScanner.HasMarker(pid, needle, buffer))
                {
                    _ = LinuxNative.PidfdSendSignal(pidfd, SignalNames.SigKill);
                }
            }

            LinuxNative.WaitForExits(pidfds, DisposeWait);
        }
        finally
        {
            foreach (var pidfd in pidfds)
            {
                _ = Libc.close(pidfd);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        KillAll();
        WaitUntilEmptyAsync(DisposeWait, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
    }

    private ProcessGroupMember Track(ProcessGroupMember member)
    {
        _members[member] = 0;
        return member;
    }

    /// <summary>The live processes: members of live member groups, plus (Linux) every process carrying the marker.</summary>
    private (List<int> All, List<int> OnlyByMarker) Find()
    {
        var groups = _members.Keys.Select(m => m.LiveGroupId).Where(id => id > 0).ToHashSet();
        return OperatingSystem.IsLinux() ? FindThroughProcfs(groups) : ([.. groups], []);
    }

    [SupportedOSPlatform("linux")]
    private (List<int> All, List<int> OnlyByMarker) FindThroughProcfs(HashSet<int> groups)
    {
        var all = ProcfsScanner.Find(groups, MarkerVariable + "=" + Token);
        var byMarker = all.Where(pid => ProcfsScanner.ReadStat(pid) is not { } stat || !groups.Contains(stat.ProcessGroup)).ToList();
        return (all, byMarker);
    }
}
