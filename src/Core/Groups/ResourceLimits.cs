namespace ProcessKit;

/// <summary>
/// Limits a <see cref="ProcessGroup"/> asks the kernel to enforce on all its processes together.
/// They are enforced or refused: a group is never handed back looking limited when it is not
/// (see <see cref="ResourceLimitException"/>). On Linux each limit is enforced by its cgroup
/// controller on cgroup v2 where the parent enables it, else on cgroup v1 where that is mounted
/// (a hybrid host); on Windows by the group's Job Object.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>Creates limits; give at least one.</summary>
    /// <param name="maxMemoryBytes">The most memory the group may use together, in bytes.</param>
    /// <param name="maxProcesses">The most processes (and threads) alive in the group at once.</param>
    /// <param name="cpuCores">The CPU time the group may use, in cores (0.5 is half of one core).</param>
    /// <exception cref="ArgumentException">No limit is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative, or not a number.</exception>
    public ResourceLimits(long? maxMemoryBytes = null, int? maxProcesses = null, double? cpuCores = null)
    {
        if (maxMemoryBytes is null && maxProcesses is null && cpuCores is null)
        {
            throw new ArgumentException("Resource limits need at least one of maxMemoryBytes, maxProcesses or cpuCores.", nameof(maxMemoryBytes));
        }

        if (maxMemoryBytes is { } memory)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memory, nameof(maxMemoryBytes));
        }

        if (maxProcesses is { } processes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(processes, nameof(maxProcesses));
        }

        if (cpuCores is { } cores && (double.IsNaN(cores) || double.IsInfinity(cores) || cores <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cpuCores), cores, "The CPU quota must be a positive number of cores.");
        }

        MaxMemoryBytes = maxMemoryBytes;
        MaxProcesses = maxProcesses;
        CpuCores = cpuCores;
    }

    /// <summary>The most memory the group may use together, in bytes.</summary>
    public long? MaxMemoryBytes { get; }

    /// <summary>The most processes (and threads) alive in the group at once.</summary>
    public int? MaxProcesses { get; }

    /// <summary>The CPU time the group may use, in cores.</summary>
    public double? CpuCores { get; }

    /// <summary>The limits among these that need one of <paramref name="controllers"/>, or null when none does.</summary>
    internal ResourceLimits? Only(IReadOnlyCollection<string> controllers)
    {
        var memory = controllers.Contains("memory") ? MaxMemoryBytes : null;
        var processes = controllers.Contains("pids") ? MaxProcesses : null;
        var cores = controllers.Contains("cpu") ? CpuCores : null;
        return memory is null && processes is null && cores is null ? null
            : memory == MaxMemoryBytes && processes == MaxProcesses && cores == CpuCores ? this
            : new ResourceLimits(memory, processes, cores);
    }

    /// <summary>The cgroup controllers these limits need (the same names on v2 and v1).</summary>
    internal IEnumerable<string> Controllers
    {
        get
        {
            if (MaxMemoryBytes is not null)
            {
                yield return "memory";
            }

            if (MaxProcesses is not null)
            {
                yield return "pids";
            }

            if (CpuCores is not null)
            {
                yield return "cpu";
            }
        }
    }
}
