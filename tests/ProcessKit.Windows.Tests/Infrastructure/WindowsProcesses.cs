using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace ProcessKit.Windows.Tests.Infrastructure;

/// <summary>Looks at processes by id, as the tests need to: alive or gone, and pid files the helper writes.</summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsProcesses
{
    private const uint Synchronize = 0x00100000;
    private const uint ProcessQueryLimitedInformation = 0x1000;

    /// <summary>True when running under Wine rather than on Windows.</summary>
    internal static bool IsWine { get; } =
        NativeLibrary.TryLoad("ntdll.dll", out var ntdll) && NativeLibrary.TryGetExport(ntdll, "wine_get_version", out _);

    /// <summary>True while process <paramref name="pid"/> runs.</summary>
    internal static bool IsAlive(int pid)
    {
        var handle = OpenProcess(Synchronize | ProcessQueryLimitedInformation, false, (uint)pid);
        if (handle == 0)
        {
            return false;
        }

        try
        {
            return WaitForSingleObject(handle, 0) != 0; // WAIT_OBJECT_0: it has exited
        }
        finally
        {
            _ = CloseHandle(handle);
        }
    }

    /// <summary>Waits until <paramref name="pid"/> has exited; false when it still runs after <paramref name="timeout"/>.</summary>
    internal static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Waits for the helper to write its pid into <paramref name="file"/> and returns it.</summary>
    internal static async Task<int> ReadPidAsync(string file, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (int.TryParse(TryReadAll(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no pid in {file}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The text of <paramref name="file"/>, or null while it cannot be read yet: absent (an <see cref="IOException"/> too), or still held by
    /// the helper's rename (Wine keeps the moved file open with delete access for a moment, and a reader
    /// that does not share delete meets a sharing violation).
    /// </summary>
    private static string? TryReadAll(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("kernel32.dll")]
    private static partial nint OpenProcess(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, uint pid);

    [LibraryImport("kernel32.dll")]
    private static partial uint WaitForSingleObject(nint handle, uint milliseconds);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseHandle(nint handle);
}
