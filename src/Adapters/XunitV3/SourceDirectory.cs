namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// The folder of a test's source file, from its <c>[CallerFilePath]</c>. A deterministic CI build
/// (<c>ContinuousIntegrationBuild</c>, <c>DeterministicSourcePaths</c>) maps source paths to
/// <c>/_/relative/path.cs</c>, a folder that does not exist: the relative part is then looked for
/// above the test assembly, which runs from under the project (<c>bin/Debug/net10.0</c>), until
/// a folder holding it is found.
/// </summary>
internal static class SourceDirectory
{
    /// <summary>The folder of <paramref name="sourceFilePath"/> on this machine.</summary>
    /// <exception cref="ArgumentException">The path is empty (the compiler gave no caller file path).</exception>
    internal static string Of(string sourceFilePath) => Of(sourceFilePath, AppContext.BaseDirectory);

    /// <summary>The folder of <paramref name="sourceFilePath"/>, looking above <paramref name="searchFrom"/> for a mapped path.</summary>
    internal static string Of(string sourceFilePath, string searchFrom)
    {
        if (string.IsNullOrWhiteSpace(sourceFilePath))
        {
            throw new ArgumentException("The test's source file path is empty: the compiler gave none ([CallerFilePath]). Give the folder explicitly.", nameof(sourceFilePath));
        }

        var folder = Path.GetDirectoryName(sourceFilePath) ?? sourceFilePath;
        if (Directory.Exists(folder) || MappedRelativePath(sourceFilePath) is not { } relative)
        {
            return folder;
        }

        for (var root = new DirectoryInfo(searchFrom); root is not null; root = root.Parent)
        {
            var candidate = Path.Combine(root.FullName, relative);
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        return folder;
    }

    /// <summary>The path below the deterministic root (<c>/_/</c>, <c>/_1/</c>, ...), or null for an ordinary path.</summary>
    private static string? MappedRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (!normalized.StartsWith("/_", StringComparison.Ordinal))
        {
            return null;
        }

        var end = normalized.IndexOf('/', 2);
        return end > 0 && normalized[2..end].All(char.IsAsciiDigit) ? normalized[(end + 1)..] : null;
    }
}
