using System.Globalization;
using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// A cgroup v2 group <c>processkit-&lt;hostpid&gt;-&lt;n&gt;</c>, mode 0700. Each member of a
/// shared group gets a child group <c>m&lt;k&gt;</c>, so one member's timeout kills only its own
/// tree; a private run uses the group itself. Teardown is <c>cgroup.kill</c> on the group, which
/// reaches every descendant however it detached, then <c>rmdir</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CgroupBackend : ContainerBackend
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private static int _lastGroup;
    private readonly CgroupDirectory _group;
    private readonly Lock _gate = new();
    private bool _removing;
    private int _lastMember;

    private CgroupBackend(CgroupDirectory group, string reason)
        : base(reason) => _group = group;

    internal override ContainmentMechanism Mechanism => ContainmentMechanism.CgroupV2;

    internal string Directory => _group.Path;

    /// <summary>Creates the group and applies <paramref name="limits"/>, or throws.</summary>
    /// <exception cref="UnauthorizedAccessException">The parent group is not writable.</exception>
    /// <exception cref="IOException">The group could not be created.</exception>
    /// <exception cref="ResourceLimitException">The limits cannot be enforced here.</exception>
    internal static CgroupBackend Create(CgroupV2Environment environment, ResourceLimits? limits, string reason)
    {
        Watchdog.EnsureStarted();
        var name = string.Create(CultureInfo.InvariantCulture, $"processkit-{Environment.ProcessId}-{Interlocked.Increment(ref _lastGroup)}");
        var group = CgroupDirectory.Create(Path.Combine(environment.ParentDirectory, name));
        if (limits is not null)
        {
            try
            {
                ApplyLimits(group, limits, environment);
            }
            catch
            {
                group.TryRemove();
                throw;
            }
        }

        return new CgroupBackend(group, reason);
    }

    /// <exception cref="ObjectDisposedException">The group is being removed.</exception>
    internal override Containment CreateMember()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"m{Interlocked.Increment(ref _lastMember)}");
        lock (_gate)
        {
            // Checked under the lock the teardown takes: a member created while the group is being
            // removed would recreate the group's directory with it (mkdir creates missing parents).
            ObjectDisposedException.ThrowIf(_removing, this);
            return new CgroupMember(CgroupDirectory.Create(Path.Combine(_group.Path, name)), owner: null);
        }
    }

    internal override Containment CreatePrivateMember() => new CgroupMember(_group, owner: this);

    internal override IReadOnlyList<int> LiveProcesses() => _group.ListProcesses();

    internal override int Signal(int signal)
    {
        if (signal == SignalNames.SigKill)
        {
            _group.KillAll();
        }
        else
        {
            _group.SignalFrozen(signal);
        }

        return 0;
    }

    internal override void Freeze(bool frozen) => _group.Freeze(frozen);

    internal override void KillAll() => _group.KillAll();

    internal override Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _group.WaitUntilEmptyAsync(timeout, time, cancellationToken);

    internal override ProcessGroupStats Stats() => new(
        _group.ListProcesses().Count,
        _group.ReadNumber("pids.peak") is { } peak ? (int)peak : null,
        _group.ReadNumber("memory.peak"),
        _group.ReadKey("cpu.stat", "usage_usec") is { } micros ? TimeSpan.FromMicroseconds(micros) : null)
    {
        OomKills = _group.ReadKey("memory.events", "oom_kill") is { } kills ? (int)kills : null,
        FailedForks = _group.ReadKey("pids.events", "max") is { } refused ? (int)refused : null,
    };

    /// <summary>
    /// A private run's end: its tree was killed at the leader's exit and the run waited for the
    /// group to empty, so one <c>rmdir</c> is usually all that is left; otherwise the full teardown.
    /// </summary>
    internal void RemoveSettled()
    {
        if (!_group.TryRemove())
        {
            Dispose();
        }
    }

    /// <summary>
    /// Kill, wait until empty, remove; again while the removal fails, until <see cref="DisposeWait"/>
    /// has passed: a member started concurrently with the teardown can join after a kill, and one
    /// <c>rmdir</c> that fails on it would leave the group and that process behind.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            _removing = true;
        }

        var started = Environment.TickCount64;
        do
        {
            try
            {
                _group.KillAll();
            }
            catch (IOException)
            {
                // Not killable now; the wait and the removal below tell whether anything is left.
            }

            var left = TimeSpan.FromMilliseconds(Math.Max(0, DisposeWait.TotalMilliseconds - (Environment.TickCount64 - started)));
            _group.WaitUntilEmptyAsync(left, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        }
        while (!_group.TryRemove() && Environment.TickCount64 - started < DisposeWait.TotalMilliseconds);
    }

    /// <summary>Why the v2 hierarchy cannot enforce limits that need <paramref name="missing"/>, and what would make it.</summary>
    internal static string MissingControllers(CgroupV2Environment environment, IReadOnlyList<string> missing, IReadOnlyList<string> available) =>
        $"the cgroup v2 parent {environment.ParentDirectory} does not enable the {string.Join(", ", missing)} controller(s) for its children " +
        $"(enabled: {(available.Count == 0 ? "none" : string.Join(", ", available))}). Point {CgroupV2Environment.ParentVariable} at a delegated " +
        "cgroup whose cgroup.subtree_control enables them (for example a systemd unit with Delegate=yes)";

    /// <summary>Writes the limit files; the controllers must be enabled for the group by its parent.</summary>
    private static void ApplyLimits(CgroupDirectory group, ResourceLimits limits, CgroupV2Environment environment)
    {
        var available = CgroupV2Environment.ReadWords(Path.Combine(group.Path, "cgroup.controllers"));
        var missing = limits.Controllers.Where(c => !available.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new ResourceLimitException(limits, MissingControllers(environment, missing, available));
        }

        if (limits.MaxMemoryBytes is { } memory)
        {
            group.Write("memory.max", memory.ToString(CultureInfo.InvariantCulture));
            group.Write("memory.swap.max", "0");
        }

        if (limits.MaxProcesses is { } processes)
        {
            group.Write("pids.max", processes.ToString(CultureInfo.InvariantCulture));
        }

        if (limits.CpuCores is { } cores)
        {
            const int Period = 100_000;
            group.Write("cpu.max", string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(cores * Period)} {Period}"));
        }
    }
}
