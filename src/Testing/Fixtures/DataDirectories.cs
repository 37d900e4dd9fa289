namespace ProcessKit.Testing;

/// <summary>Creates and removes the per-server data directories: fresh, private (0700 on Unix), uniquely named.</summary>
internal static class DataDirectories
{
    /// <summary>Creates a new empty directory named <c>pk-NAME-RANDOM</c> in <paramref name="root"/> (the temporary directory when null).</summary>
    internal static string Create(string? root, string serverName)
    {
        var prefix = "pk-" + serverName + "-";
        if (root is null)
        {
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }

        Directory.CreateDirectory(root);
        while (true)
        {
            var path = Path.Combine(root, prefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
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
}
