using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// Where this process can create cgroup v2 groups, read from the kernel, never assumed: the
/// cgroup2 mount from <c>/proc/self/mountinfo</c>, this process's own group from
/// <c>/proc/self/cgroup</c>, or the parent named by <c>PROCESSKIT_CGROUP_PARENT</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed record CgroupV2Environment(string MountPoint, string ParentDirectory)
{
    /// <summary>Names a delegated cgroup (absolute path, or relative to the cgroup2 mount) to create groups under.</summary>
    internal const string ParentVariable = "PROCESSKIT_CGROUP_PARENT";

    /// <summary>The controllers a group created under the parent can use (the parent's <c>cgroup.subtree_control</c>).</summary>
    internal IReadOnlyList<string> Controllers => ReadWords(Path.Combine(ParentDirectory, "cgroup.subtree_control"));

    /// <summary>Finds the environment, or says in <paramref name="problem"/> why there is none.</summary>
    internal static CgroupV2Environment? Discover(out string problem)
    {
        var mount = FindMount();
        if (mount is null)
        {
            problem = "no cgroup2 file system is mounted (/proc/self/mountinfo has no cgroup2 entry)";
            return null;
        }

        var configured = Environment.GetEnvironmentVariable(ParentVariable);
        string parent;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            parent = Path.IsPathRooted(configured) ? configured : Path.Combine(mount, configured);
        }
        else if (OwnCgroup() is { } own)
        {
            parent = Path.Combine(mount, own.TrimStart('/'));
        }
        else
        {
            problem = $"cgroup v2 is mounted at {mount} but /proc/self/cgroup has no '0::' line";
            return null;
        }

        if (!Directory.Exists(parent))
        {
            problem = $"cgroup v2 is mounted at {mount} but the parent group {parent} does not exist";
            return null;
        }

        problem = "";
        return new CgroupV2Environment(mount, Path.TrimEndingDirectorySeparator(parent));
    }

    /// <summary>The cgroup2 mount point: field 5 of the mountinfo line whose file-system type (after " - ") is cgroup2.</summary>
    internal static string? FindMount()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0 || !line.AsSpan(separator + 3).StartsWith("cgroup2 ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            if (fields.Length > 4)
            {
                return UnescapeMountPath(fields[4]);
            }
        }

        return null;
    }

    /// <summary>This process's group on the v2 hierarchy: the path of the "0::" line.</summary>
    internal static string? OwnCgroup()
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return line[3..];
            }
        }

        return null;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal (\040 ...).</summary>
    internal static string UnescapeMountPath(string path) =>
        path.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    internal static IReadOnlyList<string> ReadWords(string file)
    {
        try
        {
            return File.ReadAllText(file).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
