using System.Diagnostics;

namespace ProcessKit.Benchmarks;

/// <summary>Starts a fresh copy of this program, in another mode, with the mechanism set in its environment.</summary>
internal static class SelfProcess
{
    /// <param name="mechanism">The value of <c>PROCESSKIT_MECHANISM</c> for the copy ("" for the default).</param>
    /// <param name="arguments">The copy's command line.</param>
    internal static Process Start(string mechanism, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[Mechanisms.Variable] = mechanism;
        return Process.Start(start)!;
    }

    /// <summary>
    /// Runs a fresh copy per mechanism with <paramref name="probeArguments"/> (a probe option and its
    /// arguments), copies each copy's tables to the console between the machine's load at start and
    /// at end; 1 when a copy fails.
    /// </summary>
    internal static async Task<int> RunEachMechanismAsync(params string[] probeArguments)
    {
        Console.WriteLine($"load average at start: {Load()}, {Environment.ProcessorCount} cores");
        foreach (var (_, value) in BothMechanisms)
        {
            using var probe = Start(value, probeArguments);
            Console.Write(await probe.StandardOutput.ReadToEndAsync());
            await probe.WaitForExitAsync();
            if (probe.ExitCode != 0)
            {
                Console.WriteLine($"The probe failed with exit code {probe.ExitCode}.");
                return 1;
            }
        }

        Console.WriteLine($"load average at end: {Load()}");
        return 0;
    }

    /// <summary>The machine's load as <c>/proc/loadavg</c> gives it.</summary>
    internal static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    /// <summary>Both mechanisms: the job name and the variable's value.</summary>
    internal static (string Job, string Value)[] BothMechanisms { get; } =
        [(Mechanisms.CgroupJob, ""), (Mechanisms.ProcessGroupJob, "process-group")];
}
