using System.Globalization;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// The cgroup v1 groups that enforce a <see cref="ProcessGroup"/>'s limits on a hybrid host, where
/// the v2 hierarchy lacks the controller: one group <c>processkit-&lt;hostpid&gt;-&lt;n&gt;</c>
/// (mode 0700) under this process's own group of each v1 hierarchy needed (<c>memory</c>,
/// <c>pids</c>, <c>cpu</c>, and <c>cpuacct</c> beside <c>cpu</c> to count CPU time). They only
/// limit and count: what holds and kills the tree is the group's mechanism (cgroup v2, process
/// groups). Every child joins them before its program runs, in the same shim as the v2 join. With
/// a memory limit each member gets a child memory group <c>m&lt;k&gt;</c> of its own, under the
/// group's limit, so an OOM kill is told to the member whose tree it hit.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class V1LimitCgroups
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private static int _lastGroup;
    private readonly Dictionary<string, CgroupDirectory> _byController;
    private readonly CgroupDirectory[] _directories; // each once: co-mounted controllers share one
    private readonly Lock _gate = new();
    private bool _removing;
    private long _oomKillsOfRemovedMembers;
    private int _lastMember;

    private V1LimitCgroups(ResourceLimits limits, Dictionary<string, CgroupDirectory> byController)
    {
        Limits = limits;
        _byController = byController;
        _directories = [.. byController.Values.DistinctBy(d => d.Path)];
    }

    /// <summary>The limits enforced here.</summary>
    internal ResourceLimits Limits { get; }

    /// <summary>Which limits, where: for <see cref="ProcessGroup.MechanismReason"/>.</summary>
    internal string Description => string.Create(CultureInfo.InvariantCulture,
        $"limits {string.Join(", ", Limits.Controllers)} enforced through cgroup v1 (a hybrid host) in {string.Join(", ", Limits.Controllers.Select(c => _byController[c].Path))}");

    /// <summary>The group-level <c>cgroup.procs</c> files, which a private run's child joins.</summary>
    internal IReadOnlyList<string> ProcsFiles => [.. _directories.Select(d => d.ProcsFile)];

    /// <summary>Creates the groups and writes the limits, or throws.</summary>
    /// <param name="limits">The limits v1 must enforce (those the v2 hierarchy cannot).</param>
    /// <param name="whyNotV2">Why the v2 hierarchy does not enforce them, for the error when v1 cannot either.</param>
    /// <exception cref="ResourceLimitException">A needed v1 controller is not mounted, not writable, or refuses the value.</exception>
    internal static V1LimitCgroups Create(ResourceLimits limits, string whyNotV2)
    {
        var hierarchies = CgroupV1Hierarchy.All;
        var problems = new List<string>();
        foreach (var controller in limits.Controllers)
        {
            if (!hierarchies.TryGetValue(controller, out var hierarchy))
            {
                problems.Add($"no cgroup v1 {controller} hierarchy is mounted");
            }
            else if (!hierarchy.IsWritable)
            {
                problems.Add($"the cgroup v1 group {hierarchy.ParentDirectory} is not writable by this user");
            }
        }

        if (problems.Count > 0)
        {
            throw new ResourceLimitException(limits, $"{whyNotV2}; and {string.Join("; ", problems)}");
        }

        Watchdog.EnsureStarted(); // before the first group: a dead host's v1 groups are swept with its v2 ones
        var name = string.Create(CultureInfo.InvariantCulture, $"processkit-{Environment.ProcessId}-{Interlocked.Increment(ref _lastGroup)}");
        var wanted = limits.Controllers.ToList();
        if (limits.CpuCores is not null && hierarchies.ContainsKey("cpuacct"))
        {
            wanted.Add("cpuacct"); // counts the CPU time the quota allowed
        }

        var byController = new Dictionary<string, CgroupDirectory>(StringComparer.Ordinal);
        var byPath = new Dictionary<string, CgroupDirectory>(StringComparer.Ordinal);
        try
        {
            foreach (var controller in wanted)
            {
                var path = Path.Combine(hierarchies[controller].ParentDirectory, name);
                if (!byPath.TryGetValue(path, out var directory))
                {
                    directory = byPath[path] = CgroupDirectory.Create(path);
                }

                byController[controller] = directory;
            }

            var groups = new V1LimitCgroups(limits, byController);
            groups.Apply();
            return groups;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveEmpty(byPath.Values);
            throw new ResourceLimitException(limits, $"{whyNotV2}; and the cgroup v1 groups could not be made: {e.Message}");
        }
        catch
        {
            RemoveEmpty(byPath.Values);
            throw;
        }
    }

    /// <summary>A member's place: its own memory group under the group's (when memory is limited here), and the group's others.</summary>
    /// <exception cref="IOException">The member's memory group could not be created.</exception>
    /// <exception cref="ObjectDisposedException">The groups are being removed.</exception>
    internal V1LimitMember CreateMember()
    {
        CgroupDirectory? memory = null;
        if (_byController.TryGetValue("memory", out var group))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"m{Interlocked.Increment(ref _lastMember)}");
            lock (_gate)
            {
                // Checked under the lock the removal takes: mkdir creates missing parents, so a member
                // made after the removal would bring the group's directory back.
                ObjectDisposedException.ThrowIf(_removing, this);
                memory = CgroupDirectory.Create(Path.Combine(group.Path, name));
            }
        }

        IReadOnlyList<string> procs = [.. _directories.Select(d => d == group && memory is not null ? memory.ProcsFile : d.ProcsFile)];
        return new V1LimitMember(this, memory, procs);
    }

    /// <summary>A member's memory group is gone: its OOM kills still count for the group.</summary>
    internal void RecordRemovedMember(long oomKills) => Interlocked.Add(ref _oomKillsOfRemovedMembers, oomKills);

    /// <summary>The most memory used at once (<c>memory.max_usage_in_bytes</c>), or null when memory is not limited here.</summary>
    internal long? PeakMemoryBytes => Group("memory")?.ReadNumber("memory.max_usage_in_bytes");

    /// <summary>Processes killed by the memory limit, in the group and every member's memory group, or null.</summary>
    internal int? OomKills => Group("memory") is { } memory ? (int)(OomKillsIn(memory) + Interlocked.Read(ref _oomKillsOfRemovedMembers)) : null;

    /// <summary>Forks refused by the process limit (<c>pids.events</c> "max"), or null.</summary>
    internal int? FailedForks => Group("pids")?.ReadKey("pids.events", "max") is { } refused ? (int)refused : null;

    /// <summary>The most processes alive at once (<c>pids.peak</c>, Linux 6.12+ on v1), or null.</summary>
    internal int? PeakProcesses => Group("pids")?.ReadNumber("pids.peak") is { } peak ? (int)peak : null;

    /// <summary>CPU time of every process that was in the group (<c>cpuacct.usage</c>, nanoseconds), or null.</summary>
    internal TimeSpan? CpuTime => Group("cpuacct")?.ReadNumber("cpuacct.usage") is { } nanos ? TimeSpan.FromTicks(nanos / TimeSpan.NanosecondsPerTick) : null;

    /// <summary>
    /// Removes every group, deepest first. The mechanism's teardown has emptied them already; a
    /// process still listed (one the process-group marker could not find) is killed first, through
    /// a pidfd checked against the listing again, so a reused pid is never hit.
    /// </summary>
    internal void Remove()
    {
        lock (_gate)
        {
            _removing = true;
        }

        var started = Environment.TickCount64;
        foreach (var directory in _directories)
        {
            var left = Math.Max(0, DisposeWait.TotalMilliseconds - (Environment.TickCount64 - started));
            KillAndRemove(directory, TimeSpan.FromMilliseconds(left));
        }
    }

    /// <summary>The OOM kills counted in <paramref name="directory"/> itself (v1 counts a kill in the victim's own group only), and in its member groups.</summary>
    internal static long OomKillsIn(CgroupDirectory directory)
    {
        var kills = directory.ReadKey("memory.oom_control", "oom_kill") ?? 0;
        try
        {
            foreach (var child in Directory.EnumerateDirectories(directory.Path))
            {
                kills += OomKillsIn(new CgroupDirectory(child));
            }
        }
        catch (IOException)
        {
            // Removed meanwhile.
        }

        return kills;
    }

    /// <summary>Removes <paramref name="directory"/> and its member groups, killing first what is still listed in them (left by a dead host, or missed by a teardown); true when removed.</summary>
    internal static bool KillAndRemove(CgroupDirectory directory, TimeSpan timeout)
    {
        var started = Environment.TickCount64;
        while (!directory.TryRemove())
        {
            if (Environment.TickCount64 - started >= timeout.TotalMilliseconds)
            {
                return false;
            }

            KillListed(directory);
            Polling.UntilAsync(() => directory.ListProcesses().Count == 0, TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        }

        return true;
    }

    private static void RemoveEmpty(IEnumerable<CgroupDirectory> directories)
    {
        foreach (var directory in directories)
        {
            directory.TryRemove();
        }
    }

    private static void KillListed(CgroupDirectory directory)
    {
        foreach (var pid in directory.ListProcesses())
        {
            var pidfd = LinuxNative.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue; // gone already
            }

            try
            {
                // Still listed after the pidfd was opened: the pidfd names a process of this group.
                if (directory.ListProcesses().Contains(pid))
                {
                    _ = LinuxNative.PidfdSendSignal(pidfd, SignalNames.SigKill);
                }
            }
            finally
            {
                _ = Libc.close(pidfd);
            }
        }
    }

    private CgroupDirectory? Group(string controller) => _byController.GetValueOrDefault(controller);

    /// <summary>Writes the limit files. A value the kernel refuses surfaces as an <see cref="IOException"/>.</summary>
    private void Apply()
    {
        if (Limits.MaxMemoryBytes is { } memory)
        {
            var group = _byController["memory"];
            var bytes = memory.ToString(CultureInfo.InvariantCulture);
            group.Write("memory.limit_in_bytes", bytes);
            if (File.Exists(Path.Combine(group.Path, "memory.memsw.limit_in_bytes")))
            {
                group.Write("memory.memsw.limit_in_bytes", bytes); // memory plus swap: no swapping past the limit, as memory.swap.max 0 on v2
            }
        }

        if (Limits.MaxProcesses is { } processes)
        {
            _byController["pids"].Write("pids.max", processes.ToString(CultureInfo.InvariantCulture));
        }

        if (Limits.CpuCores is { } cores)
        {
            const int Period = 100_000;
            var group = _byController["cpu"];
            group.Write("cpu.cfs_period_us", Period.ToString(CultureInfo.InvariantCulture));
            group.Write("cpu.cfs_quota_us", ((long)Math.Ceiling(cores * Period)).ToString(CultureInfo.InvariantCulture));
        }
    }
}
