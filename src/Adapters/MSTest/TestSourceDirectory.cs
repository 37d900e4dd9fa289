namespace ProcessKit.Testing.MSTest;

/// <summary>
/// The folder of a test's source file, from the path the compiler recorded
/// (<see cref="System.Runtime.CompilerServices.CallerFilePathAttribute"/>). A deterministic CI build
/// (<c>ContinuousIntegrationBuild</c>, <c>PathMap</c>) records <c>/_/dir/File.cs</c> instead of the
/// real path; that form is found again by looking for <c>dir/File.cs</c> above the test assembly.
/// </summary>
internal static class TestSourceDirectory
{
    public static string Resolve(string sourceFilePath)
    {
        if (string.IsNullOrWhiteSpace(sourceFilePath))
        {
            throw new ArgumentException("No source file path was given: leave the [CallerFilePath] parameter to the compiler, or pass the test's source file.", nameof(sourceFilePath));
        }

        if (Path.IsPathFullyQualified(sourceFilePath) && Path.GetDirectoryName(sourceFilePath) is { } directory && Directory.Exists(directory))
        {
            return directory;
        }

        if (MappedRelativePath(sourceFilePath) is { } relative)
        {
            for (var ancestor = new DirectoryInfo(AppContext.BaseDirectory); ancestor is not null; ancestor = ancestor.Parent)
            {
                var candidate = Path.Combine(ancestor.FullName, relative);
                if (File.Exists(candidate))
                {
                    return Path.GetDirectoryName(candidate)!;
                }
            }
        }

        throw new InvalidOperationException(
            $"The test source folder of '{sourceFilePath}' (the path the compiler recorded) was not found, so its cassettes cannot be found either. " +
            "Run the tests from the source tree, or build without path mapping (ContinuousIntegrationBuild=false).");
    }

    /// <summary><c>dir/File.cs</c> for a mapped path <c>/_/dir/File.cs</c> (or <c>/_1/</c>, ... for further source roots), else null.</summary>
    private static string? MappedRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (!normalized.StartsWith("/_", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = normalized.IndexOf('/', 2);
        var root = slash < 0 ? "" : normalized[2..slash];
        return slash > 0 && root.All(char.IsAsciiDigit) ? normalized[(slash + 1)..] : null;
    }
}
