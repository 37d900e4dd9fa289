using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace ProcessKit.Interop;

/// <summary>
/// The Win32 calls of the Windows spawner and the Job Object backend: process creation, pipes,
/// Job Objects and thread suspension. Every native declaration of the library lives under
/// <c>Interop/</c>, source-generated with <see cref="LibraryImportAttribute"/>.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class Kernel32
{
    private const string LibraryName = "kernel32.dll";

    // Win32 error codes.
    internal const int ErrorFileNotFound = 2;
    internal const int ErrorPathNotFound = 3;
    internal const int ErrorAccessDenied = 5;
    internal const int ErrorMoreData = 234;
    internal const int ErrorDirectory = 267;
    internal const int ErrorElevationRequired = 740;

    // CreateProcessW creation flags and STARTUPINFO flags.
    internal const int CreateSuspended = 0x00000004;
    internal const int CreateUnicodeEnvironment = 0x00000400;
    internal const int ExtendedStartupInfoPresent = 0x00080000;
    internal const int StartfUseStdHandles = 0x00000100;
    internal const nuint ProcThreadAttributeHandleList = 0x00020002;

    // Access rights, sharing, dispositions and flags of CreateFileW and CreateNamedPipeW.
    internal const uint GenericRead = 0x80000000;
    internal const uint GenericWrite = 0x40000000;
    internal const uint FileAppendData = 0x0004;
    internal const uint FileReadAttributes = 0x0080;
    internal const uint FileWriteAttributes = 0x0100;
    internal const uint Synchronize = 0x00100000;
    internal const uint FileShareAll = 0x1 | 0x2 | 0x4; // read, write, delete
    internal const uint CreateAlways = 2;
    internal const uint OpenExisting = 3;
    internal const uint OpenAlways = 4;
    internal const uint FileAttributeNormal = 0x80;
    internal const uint PipeAccessInbound = 0x1;
    internal const uint PipeAccessOutbound = 0x2;
    internal const uint FileFlagFirstPipeInstance = 0x00080000;
    internal const uint FileFlagOverlapped = 0x40000000;
    internal const uint PipeRejectRemoteClients = 0x8; // with PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, all 0

    internal const uint DuplicateSameAccess = 0x2;

    // Job Objects.
    internal const int JobInfoBasicAccounting = 1;
    internal const int JobInfoBasicProcessIdList = 3;
    internal const int JobInfoExtendedLimit = 9;
    internal const int JobInfoCpuRateControl = 15;
    internal const uint JobObjectLimitActiveProcess = 0x00000008;
    internal const uint JobObjectLimitJobMemory = 0x00000200;
    internal const uint JobObjectLimitKillOnJobClose = 0x00002000;
    internal const uint JobObjectCpuRateControlEnable = 0x1;
    internal const uint JobObjectCpuRateControlHardCap = 0x4;

    // Thread enumeration and suspension.
    internal const uint Th32csSnapThread = 0x00000004;
    internal const uint ThreadSuspendResume = 0x0002;

    internal const int StdInputHandle = -10;
    internal const int StdOutputHandle = -11;
    internal const int StdErrorHandle = -12;

    [StructLayout(LayoutKind.Sequential)]
    internal struct SecurityAttributes
    {
        internal int Length;
        internal void* SecurityDescriptor;
        internal int InheritHandle;

        /// <summary>No descriptor; the handle is inherited by a child that is given it.</summary>
        internal static SecurityAttributes Inheritable => new() { Length = sizeof(SecurityAttributes), InheritHandle = 1 };
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct StartupInfo
    {
        internal int Size;
        internal char* Reserved;
        internal char* Desktop;
        internal char* Title;
        internal int X;
        internal int Y;
        internal int XSize;
        internal int YSize;
        internal int XCountChars;
        internal int YCountChars;
        internal int FillAttribute;
        internal int Flags;
        internal short ShowWindow;
        internal short Reserved2Size;
        internal byte* Reserved2;
        internal nint StdInput;
        internal nint StdOutput;
        internal nint StdError;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct StartupInfoEx
    {
        internal StartupInfo StartupInfo;
        internal void* AttributeList;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ProcessInformation
    {
        internal nint Process;
        internal nint Thread;
        internal int ProcessId;
        internal int ThreadId;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct JobObjectBasicLimitInformation
    {
        internal long PerProcessUserTimeLimit;
        internal long PerJobUserTimeLimit;
        internal uint LimitFlags;
        internal nuint MinimumWorkingSetSize;
        internal nuint MaximumWorkingSetSize;
        internal uint ActiveProcessLimit;
        internal nuint Affinity;
        internal uint PriorityClass;
        internal uint SchedulingClass;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoCounters
    {
        internal ulong ReadOperationCount;
        internal ulong WriteOperationCount;
        internal ulong OtherOperationCount;
        internal ulong ReadTransferCount;
        internal ulong WriteTransferCount;
        internal ulong OtherTransferCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct JobObjectExtendedLimitInformation
    {
        internal JobObjectBasicLimitInformation BasicLimitInformation;
        internal IoCounters IoInfo;
        internal nuint ProcessMemoryLimit;
        internal nuint JobMemoryLimit;
        internal nuint PeakProcessMemoryUsed;
        internal nuint PeakJobMemoryUsed;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct JobObjectBasicAccountingInformation
    {
        internal long TotalUserTime;
        internal long TotalKernelTime;
        internal long ThisPeriodTotalUserTime;
        internal long ThisPeriodTotalKernelTime;
        internal uint TotalPageFaultCount;
        internal uint TotalProcesses;
        internal uint ActiveProcesses;
        internal uint TotalTerminatedProcesses;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct JobObjectCpuRateControlInformation
    {
        internal uint ControlFlags;
        internal uint CpuRate;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ThreadEntry32
    {
        internal uint Size;
        internal uint Usage;
        internal uint ThreadId;
        internal uint OwnerProcessId;
        internal int BasePriority;
        internal int DeltaPriority;
        internal uint Flags;
    }

    [LibraryImport(LibraryName, EntryPoint = "CreateProcessW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool CreateProcess(
        char* applicationName,
        char* commandLine,
        SecurityAttributes* processAttributes,
        SecurityAttributes* threadAttributes,
        [MarshalAs(UnmanagedType.Bool)] bool inheritHandles,
        int creationFlags,
        char* environment,
        char* currentDirectory,
        StartupInfoEx* startupInfo,
        ProcessInformation* processInformation);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool InitializeProcThreadAttributeList(void* attributeList, int attributeCount, int flags, nuint* size);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool UpdateProcThreadAttribute(void* attributeList, uint flags, nuint attribute, void* value, nuint size, void* previousValue, nuint* returnSize);

    [LibraryImport(LibraryName)]
    internal static partial void DeleteProcThreadAttributeList(void* attributeList);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial uint ResumeThread(nint thread);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial uint ResumeThread(SafeKernelHandle thread);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial uint SuspendThread(SafeKernelHandle thread);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool TerminateProcess(SafeProcessHandle process, uint exitCode);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetExitCodeProcess(SafeProcessHandle process, out uint exitCode);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool CloseHandle(nint handle);

    [LibraryImport(LibraryName)]
    internal static partial nint GetStdHandle(int which);

    [LibraryImport(LibraryName)]
    internal static partial nint GetCurrentProcess();

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool DuplicateHandle(
        nint sourceProcess, nint sourceHandle, nint targetProcess, out nint targetHandle,
        uint desiredAccess, [MarshalAs(UnmanagedType.Bool)] bool inheritHandle, uint options);

    [LibraryImport(LibraryName, EntryPoint = "CreateFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial SafeFileHandle CreateFile(
        string fileName, uint desiredAccess, uint shareMode, SecurityAttributes* securityAttributes,
        uint creationDisposition, uint flagsAndAttributes, nint templateFile);

    [LibraryImport(LibraryName, EntryPoint = "CreateNamedPipeW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial SafePipeHandle CreateNamedPipe(
        string name, uint openMode, uint pipeMode, uint maxInstances, uint outBufferSize, uint inBufferSize,
        uint defaultTimeout, SecurityAttributes* securityAttributes);

    [LibraryImport(LibraryName, EntryPoint = "CreateJobObjectW", SetLastError = true)]
    internal static partial SafeKernelHandle CreateJobObject(SecurityAttributes* securityAttributes, char* name);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool AssignProcessToJobObject(SafeKernelHandle job, SafeProcessHandle process);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool TerminateJobObject(SafeKernelHandle job, uint exitCode);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool SetInformationJobObject(SafeKernelHandle job, int informationClass, void* information, uint length);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool QueryInformationJobObject(SafeKernelHandle job, int informationClass, void* information, uint length, uint* returnLength);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial SafeKernelHandle CreateToolhelp32Snapshot(uint flags, uint processId);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool Thread32First(SafeKernelHandle snapshot, ThreadEntry32* entry);

    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool Thread32Next(SafeKernelHandle snapshot, ThreadEntry32* entry);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial SafeKernelHandle OpenThread(uint desiredAccess, [MarshalAs(UnmanagedType.Bool)] bool inheritHandle, uint threadId);
}

/// <summary>A kernel object handle (job, snapshot, thread) closed with <c>CloseHandle</c>.</summary>
[SupportedOSPlatform("windows")]
internal sealed class SafeKernelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeKernelHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
}
