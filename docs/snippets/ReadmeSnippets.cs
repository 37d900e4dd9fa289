namespace ProcessKit.Docs.Snippets;

/// <summary>The code of the README.</summary>
internal static class ReadmeSnippets
{
    internal static async Task FirstSteps()
    {
        // The answer of a tool is its output: trimmed, and an exception if the tool fails.
        string head = await new Command("git", "rev-parse", "HEAD").RunAsync();

        // A non-zero exit or a timeout is data until you ask for success.
        ProcessResult build = await new Command("dotnet", "build", "--nologo")
            .WithTimeout(TimeSpan.FromMinutes(5))   // at the deadline the whole process tree is killed
            .OutputAsync();
        if (!build.IsSuccess)
            Console.WriteLine($"{build.CommandLine} {build.Status}:\n{build.Diagnostic}");

        // A yes/no question answered by an exit code: 0 is true, 1 is false, anything else throws.
        bool clean = await new Command("git", "diff", "--quiet").ProbeAsync();
    }

    internal static async Task Sandbox()
    {
        await using var sandbox = ProcessGroup.Create(new ProcessGroupOptions
        {
            Limits = new ResourceLimits(maxMemoryBytes: 256L << 20, maxProcesses: 32, cpuCores: 0.5),
        });
        ProcessResult run = await sandbox.OutputAsync(new Command("tail", "/dev/zero"));   // eats memory until stopped
        Console.WriteLine($"{run.Status}; killed by the memory limit: {run.KilledByMemoryLimit}");
        Console.WriteLine(sandbox.Stats());   // peak memory, OOM kills, refused forks, CPU time
    }
}
