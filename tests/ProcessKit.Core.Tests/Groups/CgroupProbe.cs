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
            Collect(mount, found);
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

    /// <summary>True when the group reports itself frozen (cgroup.events "frozen 1").</summary>
    public static bool IsFrozen(string directory) => ReadKey(directory, "cgroup.events", "frozen") == 1;

    private static void Collect(string directory, List<string> found)
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
            if (Path.GetFileName(child).StartsWith(OurPrefix, StringComparison.Ordinal))
            {
                found.Add(child);
            }
            else
            {
                Collect(child, found);
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
