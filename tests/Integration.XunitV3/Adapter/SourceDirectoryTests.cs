using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Adapter;

/// <summary>Cassettes live beside the test's source, also when a deterministic build maps source paths to /_/.</summary>
public sealed class SourceDirectoryTests
{
    private static readonly string ThisFile = CallerFile();

    [Fact]
    public void A_real_source_path_gives_its_folder()
    {
        Assert.Equal(Path.GetDirectoryName(ThisFile), SourceDirectory.Of(ThisFile));
    }

    [Theory]
    [InlineData("/_/")]
    [InlineData("/_1/")]
    public void A_deterministic_path_is_found_above_the_test_assembly(string mappedRoot)
    {
        var relative = Path.GetRelativePath(RepositoryRoot(), ThisFile).Replace('\\', '/');

        Assert.Equal(Path.GetDirectoryName(ThisFile), SourceDirectory.Of(mappedRoot + relative));
    }

    [Fact]
    public void A_mapped_path_found_nowhere_is_kept_as_it_is()
    {
        Assert.Equal("/_/nowhere", SourceDirectory.Of("/_/nowhere/Tests.cs"));
    }

    [Fact]
    public void An_empty_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SourceDirectory.Of(""));
    }

    private static string CallerFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    /// <summary>The folder holding the tests folder this file is in.</summary>
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(ThisFile)!);
        while (directory.Name != "tests")
        {
            directory = directory.Parent!;
        }

        return directory.Parent!.FullName;
    }
}
