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

    /// <summary>Both mechanisms: the job name and the variable's value.</summary>
    internal static (string Job, string Value)[] BothMechanisms { get; } =
        [(Mechanisms.CgroupJob, ""), (Mechanisms.ProcessGroupJob, "process-group")];
}
