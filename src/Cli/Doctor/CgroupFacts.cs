using System.Runtime.Versioning;
using ProcessKit.Cli.Interop;

namespace ProcessKit.Cli.Doctor;

/// <summary>What the kernel says about cgroup v2 for this process, read the way a group is made (see <c>docs/process-groups.md</c>).</summary>
/// <param name="MountPoint">Where the cgroup2 file system is mounted (<c>/proc/self/mountinfo</c>), or null when it is not.</param>
/// <param name="OwnCgroup">This process's group on the v2 hierarchy (the <c>0::</c> line of <c>/proc/self/cgroup</c>), or null.</param>
/// <param name="Parent">The directory new groups are created under, or null when there is none.</param>
/// <param name="ParentSource"><c>PROCESSKIT_CGROUP_PARENT</c> when that variable names the parent, else <c>own-cgroup</c>; null without a parent.</param>
/// <param name="ParentExists">Whether <paramref name="Parent"/> exists.</param>
/// <param name="ParentWritable">Whether this process may create groups in it (<c>access(W_OK | X_OK)</c>).</param>
/// <param name="ControllersAvailable">The parent's <c>cgroup.controllers</c>.</param>
/// <param name="ControllersEnabledForChildren">The parent's <c>cgroup.subtree_control</c>: what a new group can use (memory, pids and cpu for limits).</param>
/// <param name="CgroupKill">Whether the kernel offers <c>cgroup.kill</c> (Linux 5.14), the one-step teardown.</param>
/// <param name="CgroupFreeze">Whether the kernel offers <c>cgroup.freeze</c> (Linux 5.2), used to signal a group without races.</param>
internal sealed record CgroupFacts(
    string? MountPoint,
    string? OwnCgroup,
    string? Parent,
    string? ParentSource,
    bool ParentExists,
    bool ParentWritable,
    IReadOnlyList<string> ControllersAvailable,
    IReadOnlyList<string> ControllersEnabledForChildren,
    bool CgroupKill,
    bool CgroupFreeze)
{
    /// <summary>The variable naming a delegated cgroup (Core's CgroupV2Environment.ParentVariable, which is Linux-only).</summary>
    internal const string ParentVariable = "PROCESSKIT_CGROUP_PARENT";

    /// <summary>Reads the facts now.</summary>
    [SupportedOSPlatform("linux")]
    internal static CgroupFacts Collect(Version? kernel)
    {
        var mount = CgroupV2Environment.FindMount();
        var own = CgroupV2Environment.OwnCgroup();
        string? parent = null;
        string? source = null;
        var configured = Environment.GetEnvironmentVariable(ParentVariable);
        if (mount is not null && !string.IsNullOrWhiteSpace(configured))
        {
            parent = Path.IsPathRooted(configured) ? configured : Path.Combine(mount, configured);
            source = ParentVariable;
        }
        else if (mount is not null && own is not null)
        {
            parent = Path.Combine(mount, own.TrimStart('/'));
            source = "own-cgroup";
        }

        if (parent is not null)
        {
            parent = Path.TrimEndingDirectorySeparator(parent);
        }

        var exists = parent is not null && Directory.Exists(parent);
        return new CgroupFacts(
            mount,
            own,
            parent,
            source,
            exists,
            exists && CliNative.CanWrite(parent!),
            exists ? CgroupV2Environment.ReadWords(Path.Combine(parent!, "cgroup.controllers")) : [],
            exists ? CgroupV2Environment.ReadWords(Path.Combine(parent!, "cgroup.subtree_control")) : [],
            HasInterfaceFile(mount, parent, exists, "cgroup.kill", kernel, new Version(5, 14)),
            HasInterfaceFile(mount, parent, exists, "cgroup.freeze", kernel, new Version(5, 2)));
    }

    /// <summary>
    /// Whether the kernel offers <paramref name="file"/>. It exists in every group but the root, so
    /// a parent that is the root is answered by one of its children, or else by the kernel version.
    /// </summary>
    private static bool HasInterfaceFile(string? mount, string? parent, bool parentExists, string file, Version? kernel, Version since)
    {
        if (mount is null || parent is null || !parentExists)
        {
            return false;
        }

        if (File.Exists(Path.Combine(parent, file)))
        {
            return true;
        }

        if (Path.TrimEndingDirectorySeparator(mount) != parent)
        {
            return false;
        }

        try
        {
            if (Directory.EnumerateDirectories(parent).FirstOrDefault() is { } child)
            {
                return File.Exists(Path.Combine(child, file));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: the kernel version answers instead.
        }

        return kernel is not null && kernel >= since;
    }
}
