using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// Where this process can create cgroup v1 groups for one controller (<c>memory</c>, <c>pids</c>,
/// <c>cpu</c>, <c>cpuacct</c>) on a hybrid host, read from the kernel, never assumed: the
/// controller's mount from <c>/proc/self/mountinfo</c> (type <c>cgroup</c>, the controller among
/// its super options) and this process's own group in it from <c>/proc/self/cgroup</c>. New groups
/// go under that own group, as on v2, so they stay inside whatever limits this process has.
/// </summary>
/// <param name="Controller">The controller.</param>
/// <param name="MountPoint">Where its hierarchy is mounted.</param>
/// <param name="ParentDirectory">This process's own group in it: where new groups are created.</param>
[SupportedOSPlatform("linux")]
internal sealed record CgroupV1Hierarchy(string Controller, string MountPoint, string ParentDirectory)
{
    /// <summary>The controllers ProcessKit uses on v1: the three that limit, and <c>cpuacct</c>, which counts CPU time.</summary>
    internal static readonly string[] KnownControllers = ["memory", "pids", "cpu", "cpuacct"];

    private static readonly Lazy<IReadOnlyDictionary<string, CgroupV1Hierarchy>> Discovered = new(Discover);

    /// <summary>Every known controller mounted as v1 here whose parent group exists, by controller (cached: mounts do not change under a running host).</summary>
    internal static IReadOnlyDictionary<string, CgroupV1Hierarchy> All => Discovered.Value;

    /// <summary>Whether this process may create groups under <see cref="ParentDirectory"/>.</summary>
    internal bool IsWritable => Interop.Libc.CanWrite(ParentDirectory);

    /// <summary>The parent directories of every hierarchy, each once (co-mounted controllers share one).</summary>
    internal static IReadOnlyList<string> ParentDirectories => [.. All.Values.Select(h => h.ParentDirectory).Distinct(StringComparer.Ordinal)];

    private static Dictionary<string, CgroupV1Hierarchy> Discover()
    {
        var found = new Dictionary<string, CgroupV1Hierarchy>(StringComparer.Ordinal);
        if (!File.Exists("/proc/self/mountinfo"))
        {
            return found;
        }

        var own = OwnGroups();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "... MOUNTPOINT ... - cgroup cgroup rw,memory": type, source, super options.
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var tail = line[(separator + 3)..].Split(' ');
            var fields = line[..separator].Split(' ');
            if (tail.Length < 3 || tail[0] != "cgroup" || fields.Length < 5)
            {
                continue;
            }

            var mount = CgroupV2Environment.UnescapeMountPath(fields[4]);
            foreach (var option in tail[2].Split(','))
            {
                if (KnownControllers.Contains(option) && own.TryGetValue(option, out var path))
                {
                    var parent = Path.TrimEndingDirectorySeparator(Path.Combine(mount, path.TrimStart('/')));
                    if (Directory.Exists(parent))
                    {
                        found[option] = new CgroupV1Hierarchy(option, mount, parent);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>This process's group per v1 controller: the "N:ctrl1,ctrl2:/path" lines of <c>/proc/self/cgroup</c>.</summary>
    private static Dictionary<string, string> OwnGroups()
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Length > 0)
            {
                foreach (var controller in parts[1].Split(','))
                {
                    groups[controller] = parts[2];
                }
            }
        }

        return groups;
    }
}
