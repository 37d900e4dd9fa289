using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// POSIX process groups (the Linux fallback, and macOS): each member leads a process group of its
/// own, and every process of a member carries the marker <c>PROCESSKIT_CONTAINER=&lt;token&gt;.m&lt;k&gt;</c>
/// in its environment (the container's token is a prefix of every member's). On Linux, signalling
/// also finds marked processes through <c>/proc</c>, which reaches descendants that left their
/// process group with <c>setsid</c>; one that also cleared or overwrote its initial environment
/// stays out of reach. Every process signalled is held by a pidfd until it has exited, so waiting
/// for an empty container does not stop at a dying process whose <c>/proc</c> entries are already
/// unreadable. macOS has no <c>/proc</c>: there only the process groups count.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupBackend : ContainerBackend
{
    /// <summary>The environment variable that marks every process of a container.</summary>
    internal const string MarkerVariable = "PROCESSKIT_CONTAINER";

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private static int _lastGroup;
    private readonly ConcurrentDictionary<ProcessGroupMember, byte> _members = new();
    private readonly ConcurrentDictionary<int, int> _signalled = new(); // pid -> pidfd, until it exits
    private readonly CreatedSince? _since; // Linux: what can have been created since the container existed
    private int _lastMember;

    internal ProcessGroupBackend(string reason)
        : base(reason)
    {
        Token = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref _lastGroup)}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsLinux())
        {
            _since = CreatedSince.Mark();
            Watchdog.EnsureStarted();
        }
    }

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

    internal string Token { get; }

    internal override Containment CreateMember() => Track(new ProcessGroupMember(this, NextMemberToken(), isPrivate: false));

    internal override Containment CreatePrivateMember() => Track(new ProcessGroupMember(this, NextMemberToken(), isPrivate: true));

    internal void Forget(ProcessGroupMember member) => _members.TryRemove(member, out _);

    internal override IReadOnlyList<int> LiveProcesses() =>
        [.. Find(LiveGroups()).Union(LiveSignalled())];

    internal override int Signal(int signal)
    {
        var byMarker = 0;
        if (OperatingSystem.IsLinux())
        {
            var groups = LiveGroups();
            byMarker = SignalMarked(MarkerVariable + "=" + Token, prefix: true, signal, except: groups);
        }

        foreach (var member in _members.Keys)
        {
            member.SignalOwnGroup(signal);
        }

        return byMarker;
    }

    internal override void Freeze(bool frozen) => Signal(frozen ? SignalNames.SigStop : SignalNames.SigCont);

    internal override void KillAll() => Signal(SignalNames.SigKill);

    internal override Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Polling.UntilAsync(() => LiveProcesses().Count == 0, timeout, time, cancellationToken);

    /// <summary>
    /// Each look also sends <paramref name="signal"/> to every marked process that has not had it
    /// yet: one sweep through <c>/proc</c> misses a process forked meanwhile, or one in the middle
    /// of an <c>exec</c> (its environment reads empty until the new program's is in place), and
    /// such a process would otherwise wait out the whole grace and turn a stop into a kill.
    /// </summary>
    internal override Task<bool> WaitUntilStoppedAsync(int signal, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Polling.UntilAsync(
            () =>
            {
                var groups = LiveGroups();
                var found = Find(groups);
                SignalMarked(MarkerVariable + "=" + Token, prefix: true, signal, except: groups, candidates: found);
                return found.Count == 0 && LiveSignalled().Count == 0;
            },
            timeout,
            time,
            cancellationToken);

    internal override ProcessGroupStats Stats() => new(LiveProcesses().Count, null, null, null);

    /// <summary>
    /// Sends <paramref name="signal"/> to every process whose marker equals (or, with
    /// <paramref name="prefix"/>, starts with) <paramref name="needle"/>, except members of
    /// <paramref name="except"/> (process groups signalled as a whole). Each is opened as a pidfd,
    /// checked again, signalled through the pidfd (a reused pid is never hit) and held until it
    /// exits. Given <paramref name="candidates"/> (the result of a scan just made), only those are
    /// looked at, and one signalled before (and still held) is skipped. Returns how many were signalled.
    /// </summary>
    internal int SignalMarked(string needle, bool prefix, int signal, IReadOnlySet<int> except, IReadOnlyList<int>? candidates = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(needle);
        var buffer = new byte[64 * 1024];
        var count = 0;
        foreach (var pid in candidates ?? ProcfsScanner.Find([], needle, prefix, _since!))
        {
            if ((candidates is not null && _signalled.ContainsKey(pid)) || (ProcfsScanner.ReadStat(pid) is { } stat && except.Contains(stat.ProcessGroup)))
            {
                continue;
            }

            var pidfd = LinuxNative.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue; // gone already
            }

            if (ProcfsScanner.HasMarker(pid, bytes, buffer, prefix) && LinuxNative.PidfdSendSignal(pidfd, signal) == 0)
            {
                count++;
                if (_signalled.TryAdd(pid, pidfd))
                {
                    continue;
                }
            }

            _ = Libc.close(pidfd);
        }

        return count;
    }

    /// <summary>Waits until every process this container signalled has exited, or the timeout passes.</summary>
    internal void WaitForSignalled(TimeSpan timeout)
    {
        if (OperatingSystem.IsLinux())
        {
            LinuxNative.WaitForExits([.. _signalled.Values], timeout);
            _ = LiveSignalled();
        }
    }

    protected override void Dispose(bool disposing)
    {
        KillAll();
        WaitUntilStoppedAsync(SignalNames.SigKill, DisposeWait, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        foreach (var pidfd in _signalled.Values)
        {
            _ = Libc.close(pidfd);
        }

        _signalled.Clear();
        foreach (var member in _members.Keys)
        {
            member.Release();
        }

        _members.Clear();
    }

    private string NextMemberToken() => string.Create(CultureInfo.InvariantCulture, $"{Token}.m{Interlocked.Increment(ref _lastMember)}");

    private ProcessGroupMember Track(ProcessGroupMember member)
    {
        _members[member] = 0;
        return member;
    }

    /// <summary>The members' process groups that still hold a process; members whose run is over and whose group is empty are let go.</summary>
    private HashSet<int> LiveGroups()
    {
        var groups = new HashSet<int>();
        foreach (var member in _members.Keys)
        {
            if (member.LiveGroupId is var id and > 0)
            {
                groups.Add(id);
            }
            else if (member.IsFinished)
            {
                member.Release();
                Forget(member);
            }
        }

        return groups;
    }

    /// <summary>The live processes of <paramref name="groups"/>, plus (Linux) those carrying a marker starting with the container's.</summary>
    private List<int> Find(HashSet<int> groups) =>
        OperatingSystem.IsLinux() ? ProcfsScanner.Find(groups, MarkerVariable + "=" + Token, prefix: true, _since!) : [.. groups];

    /// <summary>Signalled processes that have not exited yet; the pidfds of those that have are closed.</summary>
    private List<int> LiveSignalled()
    {
        var live = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return live;
        }

        foreach (var (pid, pidfd) in _signalled)
        {
            if (!LinuxNative.HasExited(pidfd))
            {
                live.Add(pid);
            }
            else if (_signalled.TryRemove(new KeyValuePair<int, int>(pid, pidfd)))
            {
                _ = Libc.close(pidfd);
            }
        }

        return live;
    }
}
