using System.Runtime.InteropServices;

namespace TestHelper;

/// <summary>The few libc calls the helper makes (Unix only).</summary>
internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static unsafe partial int Prctl(int option, int* value, nint unused3, nint unused4, nint unused5);

    /// <summary>This process's parent-death signal (PR_GET_PDEATHSIG, Linux), 0 when none.</summary>
    public static unsafe int ParentDeathSignal()
    {
        const int PrGetPdeathsig = 2;
        var signal = 0;
        _ = Prctl(PrGetPdeathsig, &signal, 0, 0, 0);
        return signal;
    }
}
