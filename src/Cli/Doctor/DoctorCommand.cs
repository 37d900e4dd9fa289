using System.CommandLine;
using System.Text.Json;
using ProcessKit.Cli.Doctor;
using CliCommand = System.CommandLine.Command;

namespace ProcessKit.Cli;

/// <summary><c>processkit doctor [--json]</c>: which containment a group gets on this machine, and the facts behind it.</summary>
internal static class DoctorCommand
{
    /// <summary>Builds the <c>doctor</c> command.</summary>
    internal static CliCommand Create()
    {
        var json = new Option<bool>("--json")
        {
            Description = "Write the report as JSON (stable property names, a schemaVersion field) instead of text.",
        };
        var command = new CliCommand(
            "doctor",
            "Say which containment mechanism a process group gets on this machine and why: the cgroup2 mount, this process's cgroup, "
            + "where groups are created and whether that is writable, the controllers, cgroup.kill, pidfd, PID 1, and the PROCESSKIT_* variables.")
        {
            json,
        };
        command.SetAction(parseResult =>
        {
            var report = DoctorReport.Collect();
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));
            }
            else
            {
                DoctorTextWriter.Write(report, Console.Out);
            }

            return 0;
        });
        return command;
    }
}
