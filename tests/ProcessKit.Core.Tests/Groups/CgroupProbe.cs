using System.Globalization;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// What the kernel says about the cgroup v2 side of a group, read independently of the code under
/// test: the cgroup2 mount from /proc/self/mountinfo, a process's group from /proc/PID/cgroup,
/// and the flat-keyed files (cgroup.events) of a group directory.
/// </summary>
internal static class CgroupProbe
{
    private static readonly Lazy<string?> MountPoint = new(FindMount);

    /// <summary>The cgroup2 mount point, or null when none is mounted.</summary>
    public static string? Mount => MountPoint.Value;

    /// <summary>The name prefix of every group this test process creates: processkit-OURPID-.</summary>
    public static string OurPrefix { get; } = $"processkit-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>Every directory under the cgroup2 mount named processkit-OURPID-* (a removed one is not listed).</summary>
    public static List<string> OurGroupDirectories()
    {
        var found = new List<string>();
        if (Mount is { } mount)
        {
            Collect(mount, found, OurPrefix);
        }

        return found;
    }

    /// <summary>
    /// The processkit-OURPID-N directory that holds <paramref name="pid"/> (the group itself, above
    /// any member sub-group), or null when the process is in none of ours.
    /// </summary>
    public static string? GroupDirectoryOf(int pid)
    {
        if (Mount is not { } mount)
        {
            return null;
        }

        string? path = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup"))
            {
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    path = line[3..];
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        if (path is null)
        {
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindIndex(segments, s => s.StartsWith(OurPrefix, StringComparison.Ordinal));
        return index < 0 ? null : Path.Combine([mount, .. segments[..(index + 1)]]);
    }

    /// <summary>The value of <paramref name="key"/> in the flat-keyed file <paramref name="file"/> of <paramref name="directory"/>, or null.</summary>
    public static long? ReadKey(string directory, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[0] == key)
                {
                    return long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The group is gone.
        }

        return null;
    }

    /// <summary>
    /// The controllers enabled for the groups we create (cgroup.subtree_control of their parent:
    /// PROCESSKIT_CGROUP_PARENT, else this process's own cgroup).
    /// </summary>
    public static IReadOnlyList<string> ParentControllers()
    {
        if (Mount is not { } mount)
        {
            return [];
        }

        var parent = Environment.GetEnvironmentVariable("PROCESSKIT_CGROUP_PARENT");
        if (string.IsNullOrWhiteSpace(parent))
        {
            parent = File.ReadLines("/proc/self/cgroup").FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal))?[3..] ?? "/";
        }

        var directory = Path.IsPathRooted(parent) && parent.StartsWith(mount, StringComparison.Ordinal) ? parent : Path.Join(mount, parent);
        try
        {
            return File.ReadAllText(Path.Combine(directory, "cgroup.subtree_control")).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// The cgroup v1 group of <paramref name="controller"/> this process would create groups under
    /// (its own group in that hierarchy, from /proc/self/cgroup), or null when the controller is not
    /// mounted as v1 here.
    /// </summary>
    public static string? V1Parent(string controller)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var own = File.ReadLines("/proc/self/cgroup").Select(line => line.Split(':', 3))
            .FirstOrDefault(parts => parts.Length == 3 && parts[1].Split(',').Contains(controller));
        var mount = V1Mounts().FirstOrDefault(m => m.Controllers.Contains(controller)).Path;
        return own is null || mount is null ? null : Path.Join(mount, own[2]);
    }

    /// <summary>Every directory under a cgroup v1 mount named processkit-PID-* (ours by default).</summary>
    public static List<string> OurV1GroupDirectories(int? host = null)
    {
        var prefix = host is { } pid ? $"processkit-{pid.ToString(CultureInfo.InvariantCulture)}-" : OurPrefix;
        var found = new List<string>();
        foreach (var mount in V1Mounts().Select(m => m.Path).Distinct(StringComparer.Ordinal))
        {
            Collect(mount, found, prefix);
        }

        return found;
    }

    /// <summary>The v1 group of <paramref name="controller"/> that holds <paramref name="pid"/> (from /proc/PID/cgroup), or null.</summary>
    public static string? V1GroupOf(int pid, string controller)
    {
        var mount = V1Mounts().FirstOrDefault(m => m.Controllers.Contains(controller)).Path;
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup").Select(l => l.Split(':', 3))
                .FirstOrDefault(parts => parts.Length == 3 && parts[1].Split(',').Contains(controller));
            return mount is null || line is null ? null : Path.Join(mount, line[2]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The cgroup v1 mounts (type "cgroup" in /proc/self/mountinfo) and their controllers.</summary>
    private static IEnumerable<(string Path, string[] Controllers)> V1Mounts()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            var tail = separator > 0 ? line[(separator + 3)..].Split(' ') : [];
            if (tail.Length >= 3 && tail[0] == "cgroup")
            {
                yield return (line[..separator].Split(' ')[4], tail[2].Split(','));
            }
        }
    }

    /// <summary>True when the group reports itself frozen (cgroup.events "frozen 1").</summary>
    public static bool IsFrozen(string directory) => ReadKey(directory, "cgroup.events", "frozen") == 1;

    private static void Collect(string directory, List<string> found, string prefix)
    {
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(directory).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // removed meanwhile, or not ours to read
        }

        foreach (var child in children)
        {
            if (Path.GetFileName(child).StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(child);
            }
            else
            {
                Collect(child, found, prefix);
            }
        }
    }

    /// <summary>Field 5 (the mount point) of the mountinfo line whose type, after " - ", is cgroup2.</summary>
    private static string? FindMount()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator > 0 && line.AsSpan(separator + 3).StartsWith("cgroup2 ", StringComparison.Ordinal))
            {
                // Octal escapes (\040 for a space) are rare in mount points; decode the common ones.
                return line[..separator].Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal);
            }
        }

        return null;
    }
}
