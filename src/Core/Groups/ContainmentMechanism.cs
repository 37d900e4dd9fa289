namespace ProcessKit;

/// <summary>The kernel mechanism that holds a process tree. Reported as it really is, never as hoped.</summary>
public enum ContainmentMechanism
{
    /// <summary>
    /// A Linux cgroup v2 group: every descendant is a member whatever it does (<c>setsid</c>,
    /// double fork), and teardown is one kernel operation (<c>cgroup.kill</c>).
    /// </summary>
    CgroupV2,

    /// <summary>
    /// A POSIX process group (Linux fallback, macOS), plus a marker in the environment that lets
    /// teardown find descendants that left the group with <c>setsid</c> (Linux). A descendant that
    /// both leaves the group and clears its environment is out of reach.
    /// </summary>
    ProcessGroup,

    /// <summary>
    /// A Windows Job Object with kill-on-close: the child is assigned while suspended, so it runs
    /// no instruction outside the job, and closing the job's handle kills the tree.
    /// </summary>
    JobObject,
}
