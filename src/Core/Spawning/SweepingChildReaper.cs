using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Unix without pidfd (macOS, Linux before 5.3): one background thread that, on every SIGCHLD and
/// at least every 50 ms, checks each watched child. Signals coalesce, so every sweep checks every
/// child. The check peeks (<c>waitid</c> with <c>WNOWAIT</c>) so that the container can act while
/// the child is still a zombie, before it is reaped.
/// </summary>
[UnsupportedOSPlatform("windows")]
#pragma warning disable CA1001 // Lives as long as the process, like its thread.
internal sealed class SweepingChildReaper : ChildReaper
{
    private static readonly TimeSpan MaxSweepInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<int, (Action BeforeReap, TaskCompletionSource<ExitStatus> Exit)> _children = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Lock _startGate = new();
    private PosixSignalRegistration? _sigchld;
    private Thread? _thread;

    internal override Task<ExitStatus> Watch(int pid, Action beforeReap)
    {
        var exit = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        _children[pid] = (beforeReap, exit);
        EnsureStarted();
        _wake.Set();
        return exit.Task;
    }

    private void EnsureStarted()
    {
        lock (_startGate)
        {
            if (_thread is not null)
            {
                return;
            }

            _sigchld = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => _wake.Set());
            _thread = new Thread(Loop) { IsBackground = true, Name = "ProcessKit child sweeper" };
            _thread.Start();
        }
    }

    private void Loop()
    {
        while (true)
        {
            _wake.WaitOne(MaxSweepInterval);
            foreach (var (pid, entry) in _children)
            {
                if (Libc.HasExited(pid) && _children.TryRemove(pid, out _))
                {
                    try
                    {
                        entry.Exit.TrySetResult(Reap(pid, entry.BeforeReap));
                    }
#pragma warning disable CA1031 // The sweeper thread must survive anything; the waiter gets the error.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        entry.Exit.TrySetException(e);
                    }
                }
            }
        }
    }
}
#pragma warning restore CA1001
