namespace ProcessKit.Testing.Tests.Docs;

/// <summary>The repository the tests were built from: the folder above the test assembly that holds the solution.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The repository's root folder.</summary>
    public static string Path => Found.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ProcessKit.Testing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ProcessKit.Testing.sln above {AppContext.BaseDirectory}.");
    }
}
