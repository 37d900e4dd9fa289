namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/process-groups.md and the README's group example.</summary>
internal static class ProcessGroupsSnippets
{
    internal static async Task Nginx(string dir, string conf)
    {
        await using var group = ProcessGroup.Create();
        Console.WriteLine($"{group.Mechanism}: {group.MechanismReason}");

        // nginx daemonizes: its first process exits at once, master and workers stay in the group.
        await group.RunAsync(new Command("nginx", "-p", dir, "-c", conf));
        Console.WriteLine($"{group.Members.Count} processes in the group");
        // Leaving the scope: SIGTERM to every member, a 2 s grace, SIGKILL for the rest, container removed.
    }

    internal static async Task Verbs(ProcessGroup group)
    {
        var version = await group.RunAsync(new Command("redis-server", "--version"));
        var result = await group.OutputAsync(new Command("make", "test").WithTimeout(TimeSpan.FromMinutes(5)));
    }

    internal static async Task Limits()
    {
        var options = new ProcessGroupOptions { Limits = new ResourceLimits(maxMemoryBytes: 512L << 20, maxProcesses: 64, cpuCores: 1.5) };
        await using var limited = ProcessGroup.Create(options);   // or ResourceLimitException
    }

    internal static void Users(string data)
    {
        var command = new Command("/usr/lib/postgresql/15/bin/postgres", "-D", data).WithUser("postgres");
        var numeric = new Command("id").WithUser(userId: 65534, groupId: 65534, supplementaryGroups: [100]);
    }

    internal static async Task Readme(string dir, string conf)
    {
        await using var group = ProcessGroup.Create();          // cgroup v2 here; group.MechanismReason says why
        await group.RunAsync(new Command("nginx", "-p", dir, "-c", conf));   // nginx daemonizes inside the group
        Console.WriteLine($"{group.Members.Count} processes: {string.Join(", ", group.Members)}");
    }
}
