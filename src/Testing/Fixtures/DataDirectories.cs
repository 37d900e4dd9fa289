using System.Collections.Concurrent;
using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// Creates and removes the directories the fixtures own (a server's data directory, the
/// PostgreSQL template): fresh, private (0700 on Unix), named <c>pk-NAME-PID-RANDOM</c> after the
/// process that made them. The first directory a process makes in a root sweeps that root: every
/// <c>pk-*-PID-*</c> directory whose process is gone (a test host killed before it could clean up)
/// is removed, unless it was kept for inspection (<see cref="MarkKept"/>).
/// </summary>
internal static class DataDirectories
{
    /// <summary>The file that marks a directory kept for inspection, so that no sweep removes it.</summary>
    internal const string KeptMarker = ".processkit-kept";

    private const string Prefix = "pk-";

    private static readonly ConcurrentDictionary<string, bool> SweptRoots = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>Creates a new empty directory named <c>pk-NAME-PID-RANDOM</c> in <paramref name="root"/> (the temporary directory when null), sweeping the root first when this process has not yet.</summary>
    internal static string Create(string? root, string name)
    {
        var directory = Path.GetFullPath(root ?? Path.GetTempPath());
        Directory.CreateDirectory(directory);
        if (SweptRoots.TryAdd(directory, true))
        {
            SweepDeadOwners(directory);
        }

        var prefix = Prefix + name + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-";
        if (root is null)
        {
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }

        while (true)
        {
            var path = Path.Combine(directory, prefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            if (Directory.Exists(path) || File.Exists(path))
            {
                continue;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return path;
        }
    }

    /// <summary>Marks <paramref name="path"/> kept for inspection: no later sweep removes it.</summary>
    internal static void MarkKept(string path)
    {
        try
        {
            File.WriteAllText(Path.Combine(path, KeptMarker), "Kept for inspection after a failed start; no test run removes it. Delete the directory when done.\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory stays either way; only a later sweep may take it.
        }
    }

    /// <summary>Removes <paramref name="path"/> and everything in it; a directory already gone is fine.</summary>
    /// <exception cref="IOException">Something in it could not be removed.</exception>
    internal static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed already: the goal is reached.
        }
    }

    /// <summary>Removes <paramref name="path"/> as <see cref="Delete"/> does; false when something in it could not be removed.</summary>
    internal static bool TryDelete(string path)
    {
        try
        {
            Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's directory, or one in use: not ours to force.
            return false;
        }
    }

    /// <summary>Removes the directories in <paramref name="root"/> of processes that are gone, except those kept for inspection.</summary>
    internal static void SweepDeadOwners(string root)
    {
        foreach (var directory in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            if (OwnerOf(Path.GetFileName(directory)) is { } pid && pid != Environment.ProcessId && !IsRunning(pid)
                && !File.Exists(Path.Combine(directory, KeptMarker)))
            {
                TryDelete(directory);
            }
        }
    }

    /// <summary>The process id in <c>pk-NAME-PID-RANDOM</c> (NAME may hold dashes, RANDOM holds none), or null for another name.</summary>
    private static int? OwnerOf(string name)
    {
        var parts = name.Split('-');
        return parts.Length >= 4 && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
