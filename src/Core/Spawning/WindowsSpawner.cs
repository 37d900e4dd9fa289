using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Starts a Windows child with <c>CreateProcessW</c>: suspended, so its container can adopt it
/// (a Job Object assignment) before it runs a single instruction, then resumed. It inherits its
/// three standard handles and nothing else (<c>PROC_THREAD_ATTRIBUTE_HANDLE_LIST</c>): never a
/// job handle, never another run's pipes. Arguments are quoted by <see cref="WindowsCommandLine"/>.
/// </summary>
/// <remarks>
/// The child's handles are inheritable from the moment they are opened until this spawn closes
/// them: a third party that calls <c>CreateProcess</c> with <c>bInheritHandles</c> and no handle
/// list in that window (for example <see cref="System.Diagnostics.Process"/> with redirected
/// streams) can inherit them too. Spawns of this library never do.
/// </remarks>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsSpawner
{
    /// <summary>
    /// cmd.exe parses a batch file's command line again, with its own rules: arguments holding
    /// these characters could run other commands, so they are refused for batch files.
    /// </summary>
    private static readonly SearchValues<char> BatchMetacharacters = SearchValues.Create("\"&|<>^%!\r\n");

    internal static ChildProcess Spawn(SpawnPlan plan, Containment containment)
    {
        ThrowIfUnsafeForBatchFile(plan);
        var commandLine = WindowsCommandLine.Build(plan.ExecutablePath, plan.Arguments);
        var environment = EnvironmentBlock(plan.Environment);
        var stdio = WindowsStdio.Open(plan);
        Kernel32.ProcessInformation created;
        try
        {
            created = CreateSuspended(plan, commandLine, environment, stdio);
        }
        catch
        {
            stdio.Dispose();
            throw;
        }

        var process = new SafeProcessHandle(created.Process, ownsHandle: true);
        var (input, output, error) = stdio.TakeParentEnds();
        stdio.Dispose(); // the child holds its own copies now
        var child = new WindowsChildProcess(process, created.ProcessId, input, output, error);
        try
        {
            containment.Adopt(child); // assigned to its job while suspended: nothing of it runs outside
            if (Kernel32.ResumeThread(created.Thread) == uint.MaxValue)
            {
                var code = Marshal.GetLastPInvokeError();
                throw new ProcessSpawnException(plan.Program, plan.Arguments, code, "the new process could not be resumed: " + Marshal.GetPInvokeErrorMessage(code));
            }
        }
        catch (Exception e)
        {
            _ = Kernel32.TerminateProcess(process, JobObject.KillExitCode);
            child.Abandon();
            if (e is System.ComponentModel.Win32Exception native)
            {
                throw new ProcessSpawnException(plan.Program, plan.Arguments, native.NativeErrorCode, "the new process could not be put in its Job Object: " + native.Message);
            }

            throw;
        }
        finally
        {
            _ = Kernel32.CloseHandle(created.Thread);
        }

        child.WatchExit(containment);
        return child;
    }

    private static Kernel32.ProcessInformation CreateSuspended(SpawnPlan plan, string commandLine, string environment, WindowsStdio stdio)
    {
        var inherited = stdio.Inherited;
        var handles = stackalloc nint[3];
        for (var i = 0; i < inherited.Count; i++)
        {
            handles[i] = inherited[i];
        }

        nuint listSize = 0;
        _ = Kernel32.InitializeProcThreadAttributeList(null, 1, 0, &listSize);
        var attributes = NativeMemory.Alloc(listSize);
        try
        {
            if (!Kernel32.InitializeProcThreadAttributeList(attributes, 1, 0, &listSize))
            {
                throw SpawnError(plan, Marshal.GetLastPInvokeError());
            }

            try
            {
                if (inherited.Count > 0 && !Kernel32.UpdateProcThreadAttribute(attributes, 0, Kernel32.ProcThreadAttributeHandleList, handles, (nuint)(inherited.Count * sizeof(nint)), null, null))
                {
                    throw SpawnError(plan, Marshal.GetLastPInvokeError());
                }

                var startup = new Kernel32.StartupInfoEx
                {
                    StartupInfo = new()
                    {
                        Size = sizeof(Kernel32.StartupInfoEx),
                        Flags = Kernel32.StartfUseStdHandles,
                        StdInput = stdio.Input,
                        StdOutput = stdio.Output,
                        StdError = stdio.Error,
                    },
                    AttributeList = attributes,
                };
                const int Flags = Kernel32.CreateSuspended | Kernel32.CreateUnicodeEnvironment | Kernel32.ExtendedStartupInfoPresent;
                Kernel32.ProcessInformation created;
                fixed (char* application = plan.ExecutablePath)
                fixed (char* line = commandLine)
                fixed (char* block = environment)
                fixed (char* directory = plan.WorkingDirectory)
                {
                    if (!Kernel32.CreateProcess(application, line, null, null, inherited.Count > 0, Flags, block, directory, &startup, &created))
                    {
                        throw SpawnError(plan, Marshal.GetLastPInvokeError());
                    }
                }

                return created;
            }
            finally
            {
                Kernel32.DeleteProcThreadAttributeList(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(attributes);
        }
    }

    /// <summary>
    /// <c>NAME=value</c> entries, each ending in NUL, then one more NUL; sorted by name without
    /// regard to case, as Windows expects. (A <c>fixed</c> string adds the final NUL.)
    /// </summary>
    internal static string EnvironmentBlock(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.Count == 0)
        {
            return "\0";
        }

        var block = new StringBuilder();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            block.Append(name).Append('=').Append(value).Append('\0');
        }

        return block.ToString();
    }

    private static void ThrowIfUnsafeForBatchFile(SpawnPlan plan)
    {
        var extension = Path.GetExtension(plan.ExecutablePath);
        var isBatch = extension.Equals(".bat", StringComparison.OrdinalIgnoreCase) || extension.Equals(".cmd", StringComparison.OrdinalIgnoreCase);
        if (isBatch && plan.Arguments.Any(a => a.AsSpan().IndexOfAny(BatchMetacharacters) >= 0))
        {
            throw new ProcessUnsupportedException(plan.Program, plan.Arguments,
                "Passing an argument that holds a cmd.exe metacharacter (\" & | < > ^ % ! or a line break) to a batch file, which cmd.exe parses again " +
                "(run cmd.exe /c yourself, quoting for cmd, if you mean it)");
        }
    }

    private static Exception SpawnError(SpawnPlan plan, int error)
    {
        var reason = Marshal.GetPInvokeErrorMessage(error);
        return error switch
        {
            Kernel32.ErrorFileNotFound or Kernel32.ErrorPathNotFound => new ProcessNotFoundException(plan.Program, plan.Arguments, [plan.ExecutablePath]),
            Kernel32.ErrorAccessDenied or Kernel32.ErrorElevationRequired => new ProcessPermissionException(plan.Program, plan.Arguments, plan.ExecutablePath, reason),
            Kernel32.ErrorDirectory when plan.WorkingDirectory is { } directory => new WorkingDirectoryNotFoundException(plan.Program, plan.Arguments, directory),
            _ => new ProcessSpawnException(plan.Program, plan.Arguments, error, reason),
        };
    }
}
