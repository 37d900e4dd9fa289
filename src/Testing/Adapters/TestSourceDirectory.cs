namespace ProcessKit.Testing;

/// <summary>
/// The folder of a test's source file, from the path the compiler recorded
/// (<see cref="System.Runtime.CompilerServices.CallerFilePathAttribute"/>), and the cassette folder
/// placed beside it. A deterministic CI build (<c>ContinuousIntegrationBuild</c>,
/// <c>DeterministicSourcePaths</c>, <c>PathMap</c>) records <c>/_/dir/File.cs</c> (or <c>/_1/</c>,
/// ... for further source roots) instead of the real path: that file is found again by looking for
/// <c>dir/File.cs</c> above the test assembly's directory, which lies under the repository.
/// </summary>
internal static class TestSourceDirectory
{
    /// <summary>
    /// The cassette folder: <paramref name="folder"/> itself when it is absolute, else
    /// <paramref name="folder"/> resolved against the folder of <paramref name="sourceFilePath"/>.
    /// </summary>
    /// <param name="folder">The cassette folder, relative to the test's source folder or absolute.</param>
    /// <param name="sourceFilePath">The test's source file, from <c>[CallerFilePath]</c>.</param>
    /// <param name="searchFrom">Where to look upwards from for a mapped source path: the test assembly's directory.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> or (for a relative folder) <paramref name="sourceFilePath"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The source path was mapped and its file is not found above <paramref name="searchFrom"/>.</exception>
    internal static string CassetteFolder(string folder, string sourceFilePath, string searchFrom)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return Path.IsPathFullyQualified(folder) ? folder : Path.GetFullPath(Path.Combine(Of(sourceFilePath, searchFrom), folder));
    }

    /// <summary>The folder of <paramref name="sourceFilePath"/> on this machine.</summary>
    /// <param name="sourceFilePath">The test's source file, from <c>[CallerFilePath]</c>.</param>
    /// <param name="searchFrom">Where to look upwards from for a mapped source path: the test assembly's directory.</param>
    /// <exception cref="ArgumentException"><paramref name="sourceFilePath"/> is empty (the compiler gave no caller file path).</exception>
    /// <exception cref="InvalidOperationException">The source path was mapped and its file is not found above <paramref name="searchFrom"/>.</exception>
    internal static string Of(string sourceFilePath, string searchFrom)
    {
        if (string.IsNullOrWhiteSpace(sourceFilePath))
        {
            throw new ArgumentException(
                "The test's source file path is empty: leave the [CallerFilePath] parameter to the compiler, or give an absolute cassette folder.", nameof(sourceFilePath));
        }

        var folder = Path.GetDirectoryName(sourceFilePath) ?? sourceFilePath;
        if (Directory.Exists(folder) || MappedRelativePath(sourceFilePath) is not { } relative)
        {
            // An ordinary path that does not exist (yet) stays as it is: recording creates it.
            return folder;
        }

        for (var ancestor = new DirectoryInfo(searchFrom); ancestor is not null; ancestor = ancestor.Parent)
        {
            var candidate = Path.Combine(ancestor.FullName, relative);
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new InvalidOperationException(
            $"The test's source path '{sourceFilePath}' was mapped by a deterministic build and '{relative}' was not found above '{searchFrom}', so its cassettes cannot be found either: " +
            "run the tests from the source tree, build them with ContinuousIntegrationBuild=false (or DeterministicSourcePaths=false), or give an absolute cassette folder.");
    }

    /// <summary><c>dir/File.cs</c> for a mapped path <c>/_/dir/File.cs</c> (or <c>/_1/dir/File.cs</c>, ...), else null.</summary>
    private static string? MappedRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (!normalized.StartsWith("/_", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = normalized.IndexOf('/', 2);
        return slash > 0 && normalized[2..slash].All(char.IsAsciiDigit) ? normalized[(slash + 1)..] : null;
    }
}
