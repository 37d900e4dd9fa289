using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// A child started by <see cref="WindowsSpawner"/>. Its exit is learnt from the thread pool's
/// wait on the process handle (<see cref="ThreadPool.RegisterWaitForSingleObject(WaitHandle, WaitOrTimerCallback, object, int, bool)"/>):
/// one wait thread serves up to 63 children, so there is no thread per child.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsChildProcess : ChildProcess
{
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WindowsChildProcess(SafeProcessHandle handle, int id, Stream? standardInput, OutputPipe? standardOutput, OutputPipe? standardError)
    {
        Handle = handle;
        Id = id;
        StandardInput = standardInput;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    /// <summary>The process handle: valid until the exit has been taken. Holding it keeps the pid from being reused.</summary>
    internal SafeProcessHandle Handle { get; }

    internal override int Id { get; }

    internal override Stream? StandardInput { get; }

    internal override OutputPipe? StandardOutput { get; }

    internal override OutputPipe? StandardError { get; }

    internal override Task<ExitStatus> Exited => _exited.Task;

    /// <summary>Starts waiting for the exit; <paramref name="containment"/> hears of it before the handle is closed.</summary>
    internal void WatchExit(Containment containment)
    {
        var wait = new ProcessExitWaitHandle(Handle);
        RegisteredWaitHandle? registration = null;
        var gate = new Lock();
        lock (gate)
        {
            registration = ThreadPool.UnsafeRegisterWaitForSingleObject(wait, (_, _) =>
            {
                lock (gate)
                {
                    registration!.Unregister(null);
                }

                wait.Dispose();
                OnExited(containment);
            }, null, Timeout.Infinite, executeOnlyOnce: true);
        }
    }

    /// <summary>Closes everything after a failed spawn (the process was terminated).</summary>
    internal void Abandon()
    {
        StandardInput?.Dispose();
        StandardOutput?.Dispose();
        StandardError?.Dispose();
        Handle.Dispose();
    }

    private void OnExited(Containment containment)
    {
        var status = Kernel32.GetExitCodeProcess(Handle, out var code)
            ? code == JobObject.KillExitCode ? ExitStatus.Signaled(SignalNames.SigKill) : ExitStatus.Exited(unchecked((int)code))
            : ExitStatus.Lost;

        // The pid is still ours while the handle is open: the container acts on the tree first.
        containment.NotifyLeaderExited();
        Handle.Dispose();
        _exited.TrySetResult(status);
    }

    /// <summary>A wait handle on the process handle, which is signalled when the process exits. It does not own the handle.</summary>
    private sealed class ProcessExitWaitHandle : WaitHandle
    {
        internal ProcessExitWaitHandle(SafeProcessHandle process) =>
            SafeWaitHandle = new SafeWaitHandle(process.DangerousGetHandle(), ownsHandle: false);
    }
}
