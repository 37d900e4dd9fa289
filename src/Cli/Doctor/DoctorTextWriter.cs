namespace ProcessKit.Cli.Doctor;

/// <summary>Writes a <see cref="DoctorReport"/> for people: one fact a line, labels aligned, notes last.</summary>
internal static class DoctorTextWriter
{
    private const int LabelWidth = 28;

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>.</summary>
    internal static void Write(DoctorReport report, TextWriter writer)
    {
        Line(writer, "Mechanism", report.Mechanism);
        Line(writer, "Why", report.Reason);
        writer.WriteLine();

        Line(writer, "Operating system", $"{report.Os} ({report.OsDescription}), {report.Architecture}");
        Line(writer, "Kernel", report.Kernel);
        Line(writer, "Runtime", report.Runtime);
        var pid1 = report.IsPid1 ? "this process is PID 1" : report.Pid1Program is { } name ? $"PID 1 is {name}" : "not PID 1";
        Line(writer, "This process", $"pid {report.Pid} ({pid1})");

        if (report.Cgroup is { } cgroup)
        {
            writer.WriteLine();
            Line(writer, "cgroup2 mount", cgroup.MountPoint ?? "none (no cgroup2 entry in /proc/self/mountinfo)");
            Line(writer, "Own cgroup", cgroup.OwnCgroup ?? "unknown (no 0:: line in /proc/self/cgroup)");
            var source = cgroup.ParentSource == CgroupFacts.ParentVariable ? $"from {CgroupFacts.ParentVariable}" : "this process's own cgroup";
            Line(writer, "Groups are created under", cgroup.Parent is null ? "nowhere" : $"{cgroup.Parent} ({source})");
            Line(writer, "  exists", YesNo(cgroup.ParentExists));
            Line(writer, "  writable", YesNo(cgroup.ParentWritable));
            Line(writer, "  controllers available", Words(cgroup.ControllersAvailable));
            Line(writer, "  enabled for children", Words(cgroup.ControllersEnabledForChildren));
            Line(writer, "cgroup.kill", YesNo(cgroup.CgroupKill));
            Line(writer, "cgroup.freeze", YesNo(cgroup.CgroupFreeze));
        }

        if (report.Pidfd is { } pidfd)
        {
            Line(writer, "pidfd", $"{YesNo(pidfd.Available)} ({pidfd.Detail})");
        }

        writer.WriteLine();
        foreach (var limit in report.Limits)
        {
            Line(writer, $"Limit {limit.Limit}", limit.EnforcedBy is { } how ? $"{how} ({limit.Controller}) under {limit.Where}" : $"refused: {limit.Where}");
        }

        writer.WriteLine();
        Line(writer, EnvironmentFacts.MechanismVariable, report.Environment.ProcesskitMechanism ?? "(not set)");
        Line(writer, CgroupFacts.ParentVariable, report.Environment.ProcesskitCgroupParent ?? "(not set)");

        if (report.Notes.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Notes");
            foreach (var note in report.Notes)
            {
                writer.WriteLine($"  - {note}");
            }
        }
    }

    private static void Line(TextWriter writer, string label, string value) => writer.WriteLine($"{label.PadRight(LabelWidth)}{value}");

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Words(IReadOnlyList<string> words) => words.Count == 0 ? "none" : string.Join(' ', words);
}
