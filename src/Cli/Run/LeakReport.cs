using System.Globalization;

namespace ProcessKit.Cli;

/// <summary>
/// What <c>processkit run</c> says on standard error when the program has exited and processes
/// are still alive in its group: one line about the program, a table of the processes (pid, age,
/// command line, oldest first), then, once they are stopped, how that went. Every line starts with
/// <c>processkit: </c> so that a CI log can be searched for it.
/// </summary>
internal sealed class LeakReport
{
    internal const string Prefix = "processkit: ";

    internal LeakReport(string program, string programStatus, IReadOnlyList<LeakedProcess> processes)
    {
        Program = program;
        ProgramStatus = programStatus;
        Processes = processes;
    }

    /// <summary>The program as it was given.</summary>
    internal string Program { get; }

    /// <summary>How the program ended ("exited with code 0", "killed by signal 15 (SIGTERM)").</summary>
    internal string ProgramStatus { get; }

    /// <summary>The processes left behind, oldest first; empty when there was no leak.</summary>
    internal IReadOnlyList<LeakedProcess> Processes { get; }

    internal bool HasLeaks => Processes.Count > 0;

    /// <summary>Looks up every pid in <paramref name="members"/>; those already gone or exited are not leaks.</summary>
    internal static LeakReport Collect(string program, string programStatus, IEnumerable<int> members)
    {
        var processes = members
            .Select(LeakedProcess.Read)
            .OfType<LeakedProcess>()
            .OrderByDescending(p => p.Age ?? TimeSpan.Zero)
            .ThenBy(p => p.Pid)
            .ToList();
        return new LeakReport(program, programStatus, processes);
    }

    /// <summary>Writes the header and the table (nothing when there is no leak).</summary>
    internal void WriteTo(TextWriter writer)
    {
        if (!HasLeaks)
        {
            return;
        }

        var count = Processes.Count == 1 ? "1 process" : $"{Processes.Count} processes";
        writer.WriteLine($"{Prefix}{Program} {ProgramStatus} and left {count} running in its group:");
        var pidWidth = Math.Max(3, Processes.Max(p => p.Pid.ToString(CultureInfo.InvariantCulture).Length));
        var ages = Processes.Select(p => FormatAge(p.Age)).ToList();
        var ageWidth = Math.Max(3, ages.Max(a => a.Length));
        writer.WriteLine($"{Prefix}  {"PID".PadLeft(pidWidth)}  {"AGE".PadLeft(ageWidth)}  COMMAND");
        for (var i = 0; i < Processes.Count; i++)
        {
            var process = Processes[i];
            var pid = process.Pid.ToString(CultureInfo.InvariantCulture).PadLeft(pidWidth);
            writer.WriteLine($"{Prefix}  {pid}  {ages[i].PadLeft(ageWidth)}  {process.CommandLine}");
        }
    }

    /// <summary>
    /// Says what the leak check cannot see, when the mechanism in use has a blind spot: with process
    /// groups, a descendant that left the program's process group (<c>setsid</c>) and, on Linux,
    /// also cleared its environment (the marker) is found by nothing, so "no leak" is only as good
    /// as that. Nothing is written for cgroup v2 or a Job Object, which see every descendant.
    /// </summary>
    internal static void WriteBlindSpot(TextWriter writer, ContainmentMechanism mechanism, string reason)
    {
        if (mechanism != ContainmentMechanism.ProcessGroup)
        {
            return;
        }

        var escapee = OperatingSystem.IsLinux() ? "called setsid and cleared its environment" : "called setsid";
        writer.WriteLine($"{Prefix}the leak check used process groups ({reason}): a descendant that {escapee} is not seen; processkit doctor says why");
    }

    /// <summary>
    /// Writes the containers the run left running (labelled with its identity), one line each, and
    /// whether they were removed; nothing when there are none.
    /// </summary>
    internal static void WriteContainers(TextWriter writer, string program, string programStatus, string runId, IReadOnlyList<LeakedContainer> containers, bool removed)
    {
        if (containers.Count == 0)
        {
            return;
        }

        var count = containers.Count == 1 ? "1 container" : $"{containers.Count} containers";
        writer.WriteLine($"{Prefix}{program} {programStatus} and left {count} running (label {LeakedContainer.RunLabel}={runId}):");
        var idWidth = Math.Max(9, containers.Max(c => c.Id.Length));
        var imageWidth = Math.Max(5, containers.Max(c => c.Image.Length));
        var nameWidth = Math.Max(4, containers.Max(c => c.Name.Length));
        var serverWidth = Math.Max(6, containers.Max(c => c.Server.Length));
        writer.WriteLine($"{Prefix}  {"CONTAINER".PadRight(idWidth)}  {"IMAGE".PadRight(imageWidth)}  {"NAME".PadRight(nameWidth)}  {"SERVER".PadRight(serverWidth)}  CREATED");
        foreach (var c in containers)
        {
            writer.WriteLine($"{Prefix}  {c.Id.PadRight(idWidth)}  {c.Image.PadRight(imageWidth)}  {c.Name.PadRight(nameWidth)}  {c.Server.PadRight(serverWidth)}  {c.RunningFor}");
        }

        writer.WriteLine(removed
            ? $"{Prefix}removed {count} (docker rm -f)"
            : $"{Prefix}could not remove the {count} (docker rm -f failed): remove them by hand");
    }

    /// <summary>Writes how stopping the leaked processes went.</summary>
    internal static void WriteShutdown(TextWriter writer, TimeSpan grace, ShutdownReport report)
    {
        var stopped = report.MembersBefore.Count - report.MembersAfter.Count;
        var how = report switch
        {
            { DrainedWithinGrace: true } => "all exited on SIGTERM",
            { Escalated: true } when grace > TimeSpan.Zero => $"SIGKILL after the {FormatAge(grace)} grace",
            { Escalated: true } => "SIGKILL, no grace",
            _ => "not all exited",
        };
        var processes = stopped == 1 ? "1 process" : $"{stopped} processes";
        writer.WriteLine($"{Prefix}stopped {processes} in {FormatAge(report.Elapsed)} ({how})");
        if (report.FoundByMarker > 0)
        {
            var were = report.FoundByMarker == 1 ? "1 of them was" : $"{report.FoundByMarker} of them were";
            writer.WriteLine($"{Prefix}{were} reached only through the environment marker (outside the program's process group)");
        }

        if (report.MembersAfter.Count > 0)
        {
            writer.WriteLine($"{Prefix}still running after the stop: {string.Join(", ", report.MembersAfter)}");
        }
    }

    /// <summary>850ms, 3.2s, 4m05s, 2h03m; "?" when unknown.</summary>
    internal static string FormatAge(TimeSpan? age) => age switch
    {
        null => "?",
        { TotalSeconds: < 1 } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalMilliseconds}ms"),
        { TotalMinutes: < 1 } a => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(a.TotalSeconds * 10) / 10:0.#}s"),
        { TotalHours: < 1 } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalMinutes}m{a.Seconds:00}s"),
        { } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalHours}h{a.Minutes:00}m"),
    };
}
