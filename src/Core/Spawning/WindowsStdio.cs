using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// The three standard handles of one Windows child, and this process's ends of its pipes. Each
/// child handle is inheritable and is named in the child's <c>PROC_THREAD_ATTRIBUTE_HANDLE_LIST</c>,
/// so the child inherits these three and nothing else. Files and the null device are opened for
/// the child directly (nothing is copied through this process). A pipe is a named pipe whose end
/// here is overlapped (read and written asynchronously, with no thread per pipe) and whose child
/// end is synchronous, as most programs expect. An end of the anonymous pipe between two pipeline
/// stages, which this process holds non-inheritable, reaches the child as an inheritable duplicate.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsStdio : IDisposable
{
    private const uint PipeBufferSize = 64 * 1024;
    private static long _lastPipe;

    private readonly List<SafeHandle> _childHandles = new(3);
    private NamedPipeServerStream? _input;
    private StreamOutputPipe? _output;
    private StreamOutputPipe? _error;

    private WindowsStdio()
    {
    }

    /// <summary>The child's stdin, stdout and stderr handle values, for its STARTUPINFO (0: none).</summary>
    internal nint Input { get; private set; }

    internal nint Output { get; private set; }

    internal nint Error { get; private set; }

    /// <summary>Every distinct handle the child inherits.</summary>
    internal IReadOnlyList<nint> Inherited => [.. new[] { Input, Output, Error }.Where(h => h != 0).Distinct()];

    /// <summary>Opens the child's handles and this process's pipe ends for <paramref name="plan"/>.</summary>
    /// <exception cref="IOException">A pipe, file or the null device could not be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be opened.</exception>
    internal static WindowsStdio Open(SpawnPlan plan)
    {
        var stdio = new WindowsStdio();
        try
        {
            stdio.Input = stdio.ConnectInput(plan.Input);
            stdio.Output = stdio.ConnectOutput(plan.Output, Kernel32.StdOutputHandle, out stdio._output);
            stdio.Error = plan.Error == plan.Output && plan.Output.Connection == StdioConnection.File
                ? stdio.Output // one handle: the two streams share its file pointer instead of overwriting each other
                : stdio.ConnectOutput(plan.Error, Kernel32.StdErrorHandle, out stdio._error);
            return stdio;
        }
        catch
        {
            stdio.Dispose();
            throw;
        }
    }

    /// <summary>Hands this process's pipe ends to the child object; they are no longer closed here.</summary>
    internal (Stream? Input, OutputPipe? Output, OutputPipe? Error) TakeParentEnds()
    {
        var ends = ((Stream?)_input, (OutputPipe?)_output, (OutputPipe?)_error);
        (_input, _output, _error) = (null, null, null);
        return ends;
    }

    /// <summary>Closes this process's copies of the child's handles (the child has its own), and any pipe end not taken.</summary>
    public void Dispose()
    {
        foreach (var handle in _childHandles)
        {
            handle.Dispose();
        }

        _childHandles.Clear();
        _input?.Dispose();
        _output?.Dispose();
        _error?.Dispose();
    }

    private nint ConnectInput(StdioPlan stdio)
    {
        switch (stdio.Connection)
        {
            case StdioConnection.Inherit:
                return InheritOwn(Kernel32.StdInputHandle);
            case StdioConnection.Null:
                return Keep(OpenNullDevice(Kernel32.GenericRead));
            case StdioConnection.Pipe:
                var (parent, child) = CreatePipe(childReads: true);
                _input = new NamedPipeServerStream(PipeDirection.Out, isAsync: true, isConnected: true, parent);
                return Keep(child);
            case StdioConnection.Handle:
                return InheritDuplicate(stdio.Handle!.DangerousGetHandle());
            default:
                return Keep(File.OpenHandle(stdio.FilePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete | FileShare.Inheritable));
        }
    }

    private nint ConnectOutput(StdioPlan stdio, int ownHandle, out StreamOutputPipe? parentEnd)
    {
        parentEnd = null;
        switch (stdio.Connection)
        {
            case StdioConnection.Inherit:
                return InheritOwn(ownHandle);
            case StdioConnection.Null:
                return Keep(OpenNullDevice(Kernel32.GenericWrite));
            case StdioConnection.Pipe:
                var (parent, child) = CreatePipe(childReads: false);
                parentEnd = new StreamOutputPipe(new NamedPipeServerStream(PipeDirection.In, isAsync: true, isConnected: true, parent));
                return Keep(child);
            case StdioConnection.Handle:
                return InheritDuplicate(stdio.Handle!.DangerousGetHandle());
            default:
                return Keep(OpenOutputFile(stdio.FilePath!, stdio.Append));
        }
    }

    private nint Keep(SafeHandle handle)
    {
        _childHandles.Add(handle);
        return handle.DangerousGetHandle();
    }

    /// <summary>An inheritable duplicate of this process's own standard handle, or 0 when it has none.</summary>
    private nint InheritOwn(int which)
    {
        var own = Kernel32.GetStdHandle(which);
        if (own == 0 || own == -1)
        {
            return 0;
        }

        // A pseudo handle (a detached console) cannot be duplicated: the child gets none, as it would anyway.
        return TryInheritDuplicate(own, out var duplicate) ? duplicate : 0;
    }

    /// <summary>
    /// An inheritable duplicate of <paramref name="handle"/> (a pipeline's pipe end, which this
    /// process holds non-inheritable, so no other child can get it).
    /// </summary>
    /// <exception cref="IOException">The handle could not be duplicated.</exception>
    private nint InheritDuplicate(nint handle)
    {
        if (!TryInheritDuplicate(handle, out var duplicate))
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot hand a pipe between pipeline stages to the child: {new Win32Exception(error).Message}", error);
        }

        return duplicate;
    }

    private bool TryInheritDuplicate(nint handle, out nint duplicate)
    {
        var self = Kernel32.GetCurrentProcess();
        if (!Kernel32.DuplicateHandle(self, handle, self, out var copy, 0, inheritHandle: true, Kernel32.DuplicateSameAccess))
        {
            duplicate = 0;
            return false;
        }

        duplicate = Keep(new SafeFileHandle(copy, ownsHandle: true));
        return true;
    }

    private static SafeFileHandle OpenNullDevice(uint access)
    {
        var inheritable = Kernel32.SecurityAttributes.Inheritable;
        var handle = Kernel32.CreateFile("NUL", access | Kernel32.FileReadAttributes, Kernel32.FileShareAll, &inheritable, Kernel32.OpenExisting, 0, 0);
        return handle.IsInvalid ? throw Failure(handle, "the null device NUL") : handle;
    }

    /// <summary>
    /// Opens an output file for the child. Appending uses <c>FILE_APPEND_DATA</c> without
    /// <c>FILE_WRITE_DATA</c>, so every write of the child lands at the end, whatever its file pointer.
    /// </summary>
    private static SafeFileHandle OpenOutputFile(string path, bool append)
    {
        var inheritable = Kernel32.SecurityAttributes.Inheritable;
        var handle = append
            ? Kernel32.CreateFile(path, Kernel32.FileAppendData | Kernel32.FileReadAttributes | Kernel32.Synchronize, Kernel32.FileShareAll, &inheritable, Kernel32.OpenAlways, Kernel32.FileAttributeNormal, 0)
            : Kernel32.CreateFile(path, Kernel32.GenericWrite, Kernel32.FileShareAll, &inheritable, Kernel32.CreateAlways, Kernel32.FileAttributeNormal, 0);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        var error = Marshal.GetLastPInvokeError();
        handle.Dispose();
        var reason = Marshal.GetPInvokeErrorMessage(error);
        throw error switch
        {
            Kernel32.ErrorFileNotFound or Kernel32.ErrorPathNotFound => new DirectoryNotFoundException($"Cannot create the output file '{path}': {reason}."),
            Kernel32.ErrorAccessDenied => new UnauthorizedAccessException($"Cannot write the output file '{path}': {reason}."),
            _ => new IOException($"Cannot open the output file '{path}': {reason}.", error),
        };
    }

    /// <summary>
    /// A named pipe with a unique name and one instance (<c>FILE_FLAG_FIRST_PIPE_INSTANCE</c>: a
    /// name someone else created first fails instead of connecting us to them), refusing remote
    /// clients. Opening the child's end connects it; nobody else can connect after that.
    /// </summary>
    private static (SafePipeHandle Parent, SafeFileHandle Child) CreatePipe(bool childReads)
    {
        var name = $@"\\.\pipe\processkit-{Environment.ProcessId}-{Interlocked.Increment(ref _lastPipe)}-{Guid.NewGuid():N}";
        var openMode = (childReads ? Kernel32.PipeAccessOutbound : Kernel32.PipeAccessInbound) | Kernel32.FileFlagOverlapped | Kernel32.FileFlagFirstPipeInstance;
        var parent = Kernel32.CreateNamedPipe(name, openMode, Kernel32.PipeRejectRemoteClients, 1, PipeBufferSize, PipeBufferSize, 0, null);
        if (parent.IsInvalid)
        {
            throw Failure(parent, "a pipe for the child's standard streams");
        }

        var inheritable = Kernel32.SecurityAttributes.Inheritable;
        var access = childReads ? Kernel32.GenericRead | Kernel32.FileWriteAttributes : Kernel32.GenericWrite | Kernel32.FileReadAttributes;
        var child = Kernel32.CreateFile(name, access, 0, &inheritable, Kernel32.OpenExisting, 0, 0);
        if (child.IsInvalid)
        {
            var failure = Failure(child, "the child's end of a pipe");
            parent.Dispose();
            throw failure;
        }

        return (parent, child);
    }

    private static IOException Failure(SafeHandle invalid, string what)
    {
        var error = Marshal.GetLastPInvokeError();
        invalid.Dispose();
        return new IOException($"Cannot open {what}: {new Win32Exception(error).Message}", error);
    }
}
