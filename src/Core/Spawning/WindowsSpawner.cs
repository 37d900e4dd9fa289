using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// Windows, for now: <see cref="Process"/> behind the same seam as <see cref="PosixSpawner"/>.
/// Null devices and files are served by copying through this process, since
/// <see cref="ProcessStartInfo"/> cannot hand a child a file handle.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsSpawner
{
    private const int ErrorFileNotFound = 2;
    private const int ErrorPathNotFound = 3;
    private const int ErrorAccessDenied = 5;

    internal static ChildProcess Spawn(SpawnPlan plan, Containment containment)
    {
        var command = plan.Command;
        var info = new ProcessStartInfo(plan.ExecutablePath)
        {
            UseShellExecute = false,
            WorkingDirectory = plan.WorkingDirectory ?? "",
            RedirectStandardInput = plan.Input.Connection != StdioConnection.Inherit,
            RedirectStandardOutput = plan.Output.Connection != StdioConnection.Inherit,
            RedirectStandardError = plan.Error.Connection != StdioConnection.Inherit,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in plan.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw e.NativeErrorCode switch
            {
                ErrorFileNotFound or ErrorPathNotFound => new ProcessNotFoundException(command.Program, command.Arguments, [plan.ExecutablePath]),
                ErrorAccessDenied => new ProcessPermissionException(command.Program, command.Arguments, plan.ExecutablePath, e.Message),
                _ => new ProcessSpawnException(command.Program, command.Arguments, e.NativeErrorCode, e.Message),
            };
        }

        var child = new WindowsChildProcess(process, plan, containment);
        containment.Adopt(child);
        return child;
    }
}
