using System.Runtime.InteropServices;

namespace TestHelper;

/// <summary>The few libc calls the helper makes (Unix only).</summary>
internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();
}
