using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// A Job Object's processes held still: Windows has no job-wide freezer in its public API, so
/// every thread of every process in the job is suspended, and the threads are enumerated again
/// until a pass finds none left running. Only a running thread can start a thread or a process,
/// so once a pass finds nothing new, nothing in the job runs. <see cref="Resume"/> resumes
/// exactly the threads this suspension suspended, once each.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class JobObjectSuspension
{
    private const int MaxPasses = 1000;
    private readonly List<SafeKernelHandle> _threads = [];
    private readonly HashSet<uint> _suspended = [];

    /// <summary>
    /// Suspends every thread in <paramref name="job"/> that this suspension has not suspended yet
    /// (so suspending again also holds processes that joined since).
    /// </summary>
    /// <exception cref="IOException">The threads could not be enumerated.</exception>
    internal void Suspend(JobObject job)
    {
        for (var pass = 0; pass < MaxPasses && SuspendNewThreads(job); pass++)
        {
        }
    }

    /// <summary>Resumes every thread this suspension suspended; a thread that has exited since is skipped.</summary>
    internal void Resume()
    {
        foreach (var thread in _threads)
        {
            _ = Kernel32.ResumeThread(thread);
            thread.Dispose();
        }

        _threads.Clear();
        _suspended.Clear();
    }

    /// <summary>One pass: suspends the job's threads not suspended yet; true when it found any.</summary>
    private bool SuspendNewThreads(JobObject job)
    {
        var processes = job.ProcessIds().Select(id => (uint)id).ToHashSet();
        if (processes.Count == 0)
        {
            return false;
        }

        using var snapshot = Kernel32.CreateToolhelp32Snapshot(Kernel32.Th32csSnapThread, 0);
        if (snapshot.IsInvalid)
        {
            throw new IOException("Cannot list the threads of the group's processes: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        var found = false;
        var entry = new Kernel32.ThreadEntry32 { Size = (uint)sizeof(Kernel32.ThreadEntry32) };
        for (var more = Kernel32.Thread32First(snapshot, &entry); more; more = Kernel32.Thread32Next(snapshot, &entry))
        {
            if (!processes.Contains(entry.OwnerProcessId) || _suspended.Contains(entry.ThreadId))
            {
                continue;
            }

            var thread = Kernel32.OpenThread(Kernel32.ThreadSuspendResume, inheritHandle: false, entry.ThreadId);
            if (thread.IsInvalid || Kernel32.SuspendThread(thread) == uint.MaxValue)
            {
                thread.Dispose(); // exited in between
                continue;
            }

            _threads.Add(thread);
            _suspended.Add(entry.ThreadId);
            found = true;
        }

        return found;
    }
}
