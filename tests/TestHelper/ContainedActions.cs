using ProcessKit;

namespace TestHelper;

/// <summary>
/// Makes this program a ProcessKit host, for the tests of what happens when a host dies: the
/// group it creates is never disposed, because the test kills this process instead.
/// </summary>
internal static class ContainedActions
{
    // Held so that the finalizer (a last-resort kill) never runs while the host lives.
    private static ProcessGroup? _group;

    /// <summary>
    /// Creates a group and starts in it a grandchild ("grandchild DIR/grandchild hang", still
    /// running as a member) and a double-forked daemon (pid in DIR/daemon), then prints
    /// "group ready" and returns.
    /// </summary>
    public static void GroupTree(string directory) => GroupTree(directory, limits: null);

    /// <summary>As <see cref="GroupTree(string)"/>, in a group limited to 256 MiB, 64 processes and one CPU.</summary>
    public static void LimitedGroupTree(string directory) =>
        GroupTree(directory, new ResourceLimits(maxMemoryBytes: 256L << 20, maxProcesses: 64, cpuCores: 1));

    private static void GroupTree(string directory, ResourceLimits? limits)
    {
        _group = ProcessGroup.Create(new ProcessGroupOptions { Limits = limits });
        var self = Environment.ProcessPath!;
        var grandchildFile = Path.Combine(directory, "grandchild");
        _ = _group.OutputAsync(new Command(self, "grandchild", grandchildFile, "hang"));
        _group.Output(new Command(self, "daemon", Path.Combine(directory, "daemon"))).EnsureSuccess();
        while (!File.Exists(grandchildFile))
        {
            Thread.Sleep(5);
        }

        StdStreams.Out($"group ready {_group.Mechanism}");
    }
}
