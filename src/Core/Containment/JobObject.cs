using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// One Windows Job Object: a handle that is never inherited (it is created without inheritance
/// and no spawn lists it), and the operations the backend needs on it.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class JobObject : IDisposable
{
    /// <summary>
    /// The exit code of every process this library kills ("PK" and 9, for SIGKILL): a leader that
    /// exits with it is reported as killed by signal 9, as on Unix.
    /// </summary>
    internal const uint KillExitCode = 0x504B_0009;

    /// <summary>Wine's ntdll exports <c>wine_get_version</c>; Windows' does not.</summary>
    private static readonly bool RunsUnderWine =
        NativeLibrary.TryLoad("ntdll.dll", out var ntdll) && NativeLibrary.TryGetExport(ntdll, "wine_get_version", out _);
    private readonly SafeKernelHandle _handle;

    private JobObject(SafeKernelHandle handle) => _handle = handle;

    /// <summary>Creates a job; with <paramref name="killOnClose"/>, closing its last handle kills every process in it.</summary>
    /// <exception cref="Win32Exception">The job could not be created.</exception>
    internal unsafe static JobObject Create(bool killOnClose)
    {
        var handle = Kernel32.CreateJobObject(null, null);
        if (handle.IsInvalid)
        {
            var error = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new Win32Exception(error, "Cannot create a Job Object: " + Marshal.GetPInvokeErrorMessage(error));
        }

        var job = new JobObject(handle);
        if (killOnClose)
        {
            var limits = default(Kernel32.JobObjectExtendedLimitInformation);
            limits.BasicLimitInformation.LimitFlags = Kernel32.JobObjectLimitKillOnJobClose;
            if (job.SetInformation(Kernel32.JobInfoExtendedLimit, &limits, sizeof(Kernel32.JobObjectExtendedLimitInformation)) is { } error)
            {
                job.Dispose();
                throw new Win32Exception(error, "Cannot make a Job Object kill its processes when it is closed: " + Marshal.GetPInvokeErrorMessage(error));
            }
        }

        return job;
    }

    /// <summary>Puts <paramref name="process"/> in the job; if it is in another job already, this job becomes nested in that one.</summary>
    /// <exception cref="Win32Exception">The assignment was refused (for example by a process limit).</exception>
    internal void Assign(SafeProcessHandle process)
    {
        if (!Kernel32.AssignProcessToJobObject(_handle, process))
        {
            var error = Marshal.GetLastPInvokeError();
            throw new Win32Exception(error, Marshal.GetPInvokeErrorMessage(error));
        }
    }

    /// <summary>Kills every process in the job (nested jobs included) with <see cref="KillExitCode"/>.</summary>
    internal void Terminate()
    {
        if (!_handle.IsClosed)
        {
            _ = Kernel32.TerminateJobObject(_handle, KillExitCode);
        }
    }

    /// <summary>The ids of the live processes in the job, nested jobs included.</summary>
    internal unsafe IReadOnlyList<int> ProcessIds()
    {
        // JOBOBJECT_BASIC_PROCESS_ID_LIST: two DWORD counts, then ULONG_PTR ids.
        var capacity = 64;
        while (true)
        {
            var size = (2 * sizeof(uint)) + (capacity * sizeof(nuint));
            var heap = new byte[size];
            fixed (byte* list = heap)
            {
                if (Query(Kernel32.JobInfoBasicProcessIdList, list, size) is { } error)
                {
                    if (error == Kernel32.ErrorMoreData)
                    {
                        capacity = Math.Max(capacity * 2, (int)((uint*)list)[0] + 16);
                        continue;
                    }

                    throw new Win32Exception(error);
                }

                var count = (int)((uint*)list)[1];
                var ids = (nuint*)(list + (2 * sizeof(uint)));
                var result = new int[count];
                for (var i = 0; i < count; i++)
                {
                    result[i] = (int)ids[i];
                }

                return result;
            }
        }
    }

    /// <summary>
    /// Processes, CPU time and peak committed memory, as the job has counted them. Wine counts
    /// processes but reports zero for the other two whatever ran: there they are null.
    /// </summary>
    internal unsafe (int ActiveProcesses, TimeSpan? TotalCpuTime, long? PeakMemoryBytes) Accounting()
    {
        var accounting = default(Kernel32.JobObjectBasicAccountingInformation);
        var limits = default(Kernel32.JobObjectExtendedLimitInformation);
        if ((Query(Kernel32.JobInfoBasicAccounting, &accounting, sizeof(Kernel32.JobObjectBasicAccountingInformation))
             ?? Query(Kernel32.JobInfoExtendedLimit, &limits, sizeof(Kernel32.JobObjectExtendedLimitInformation))) is { } error)
        {
            throw new Win32Exception(error);
        }

        return RunsUnderWine
            ? ((int)accounting.ActiveProcesses, null, null)
            : ((int)accounting.ActiveProcesses, TimeSpan.FromTicks(accounting.TotalUserTime + accounting.TotalKernelTime), (long)limits.PeakJobMemoryUsed);
    }

    /// <summary>
    /// Sets the limits on the job, keeping kill-on-close: committed memory of all processes
    /// together (<c>JOB_OBJECT_LIMIT_JOB_MEMORY</c>), live processes
    /// (<c>JOB_OBJECT_LIMIT_ACTIVE_PROCESS</c>) and a hard cap on CPU (CPU rate control).
    /// </summary>
    /// <exception cref="ResourceLimitException">Windows refused a limit, or Wine would not enforce it.</exception>
    internal unsafe void Limit(ResourceLimits limits)
    {
        if ((limits.MaxMemoryBytes is not null || limits.MaxProcesses is not null) && RunsUnderWine)
        {
            throw new ResourceLimitException(limits,
                "Wine accepts the memory and process limits of a Job Object but does not enforce them (checked with Wine 8.0); on Windows they are enforced");
        }

        var extended = default(Kernel32.JobObjectExtendedLimitInformation);
        extended.BasicLimitInformation.LimitFlags = Kernel32.JobObjectLimitKillOnJobClose;
        if (limits.MaxMemoryBytes is { } memory)
        {
            extended.BasicLimitInformation.LimitFlags |= Kernel32.JobObjectLimitJobMemory;
            extended.JobMemoryLimit = (nuint)memory;
        }

        if (limits.MaxProcesses is { } processes)
        {
            extended.BasicLimitInformation.LimitFlags |= Kernel32.JobObjectLimitActiveProcess;
            extended.BasicLimitInformation.ActiveProcessLimit = (uint)processes;
        }

        if (SetInformation(Kernel32.JobInfoExtendedLimit, &extended, sizeof(Kernel32.JobObjectExtendedLimitInformation)) is { } error)
        {
            throw new ResourceLimitException(limits, "Windows refused the memory or process limit of the Job Object: " + Marshal.GetPInvokeErrorMessage(error));
        }

        if (limits.CpuCores is { } cores)
        {
            // The rate is a share of the whole machine in hundredths of a percent (10,000 = every core).
            var rate = (uint)Math.Clamp(Math.Ceiling(cores / Environment.ProcessorCount * 10_000), 1, 10_000);
            var cpu = new Kernel32.JobObjectCpuRateControlInformation
            {
                ControlFlags = Kernel32.JobObjectCpuRateControlEnable | Kernel32.JobObjectCpuRateControlHardCap,
                CpuRate = rate,
            };
            if (SetInformation(Kernel32.JobInfoCpuRateControl, &cpu, sizeof(Kernel32.JobObjectCpuRateControlInformation)) is { } cpuError)
            {
                throw new ResourceLimitException(limits, string.Create(CultureInfo.InvariantCulture,
                    $"Windows refused the CPU rate control of the Job Object ({rate / 100.0}% of {Environment.ProcessorCount} cores): {Marshal.GetPInvokeErrorMessage(cpuError)}"));
            }
        }
    }

    /// <summary>Waits until no process is left in the job, or the timeout passes; true when empty.</summary>
    internal Task<bool> WaitUntilEmptyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Polling.UntilAsync(IsEmpty, timeout, time, cancellationToken);

    /// <summary>Closes the handle: with kill-on-close and no other handle open, every process in the job dies.</summary>
    public void Dispose() => _handle.Dispose();

    private bool IsEmpty() => _handle.IsClosed || ProcessIds().Count == 0;

    private unsafe int? Query(int informationClass, void* information, int length)
    {
        uint returned;
        return Kernel32.QueryInformationJobObject(_handle, informationClass, information, (uint)length, &returned) ? null : Marshal.GetLastPInvokeError();
    }

    private unsafe int? SetInformation(int informationClass, void* information, int length) =>
        Kernel32.SetInformationJobObject(_handle, informationClass, information, (uint)length) ? null : Marshal.GetLastPInvokeError();
}
