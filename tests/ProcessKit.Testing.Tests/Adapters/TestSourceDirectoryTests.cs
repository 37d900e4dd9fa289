using System.Runtime.CompilerServices;

namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>Cassettes live beside the test's source, also when a deterministic build maps source paths to /_/.</summary>
/// <remarks>
/// The expected paths come from the repository root found above the test assembly, never from
/// <c>[CallerFilePath]</c>: a CI build (<c>CI=true</c>, so <c>ContinuousIntegrationBuild</c>) maps
/// that to <c>/_/...</c>, which is exactly the input under test.
/// </remarks>
public sealed class TestSourceDirectoryTests
{
    private const string ThisFileInRepository = "tests/ProcessKit.Testing.Tests/Adapters/TestSourceDirectoryTests.cs";

    private static readonly string ThisFile = Path.Combine(RepositoryRoot(), ThisFileInRepository);

    private static string ThisFolder => Path.GetDirectoryName(ThisFile)!;

    [Fact]
    public void A_real_source_path_gives_its_folder()
    {
        Assert.True(File.Exists(ThisFile), ThisFile);
        Assert.Equal(ThisFolder, TestSourceDirectory.Of(ThisFile, AppContext.BaseDirectory));
    }

    [Fact]
    public void The_path_this_build_recorded_mapped_or_not_gives_the_real_folder()
    {
        Assert.Equal(ThisFolder, TestSourceDirectory.Of(CallerFile(), AppContext.BaseDirectory));
    }

    [Theory]
    [InlineData("/_/")]
    [InlineData("/_1/")]
    public void A_deterministic_path_is_found_above_the_test_assembly(string mappedRoot)
    {
        Assert.Equal(ThisFolder, TestSourceDirectory.Of(mappedRoot + ThisFileInRepository, AppContext.BaseDirectory));
    }

    [Fact]
    public void The_cassette_folder_is_beside_the_source_file()
    {
        Assert.Equal(Path.Combine(ThisFolder, "Cassettes"), TestSourceDirectory.CassetteFolder("Cassettes", ThisFile, AppContext.BaseDirectory));
        Assert.Equal(Path.Combine(ThisFolder, "Cassettes"), TestSourceDirectory.CassetteFolder("Cassettes", "/_/" + ThisFileInRepository, AppContext.BaseDirectory));
    }

    [Fact]
    public void An_absolute_cassette_folder_is_used_as_given_wherever_the_source_is()
    {
        var folder = Path.Combine(Path.GetTempPath(), "processkit-cassettes");

        Assert.Equal(folder, TestSourceDirectory.CassetteFolder(folder, "/_/nowhere/Tests.cs", AppContext.BaseDirectory));
        Assert.Equal(folder, TestSourceDirectory.CassetteFolder(folder, "", AppContext.BaseDirectory));
    }

    [Fact]
    public void An_ordinary_path_that_does_not_exist_is_kept_so_that_recording_can_create_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "processkit-no-such-folder", "Tests.cs");

        Assert.Equal(Path.GetDirectoryName(missing), TestSourceDirectory.Of(missing, AppContext.BaseDirectory));
    }

    [Fact]
    public void A_mapped_path_found_nowhere_names_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestSourceDirectory.Of("/_/no/such/directory/Tests.cs", AppContext.BaseDirectory));

        Assert.Contains("no/such/directory/Tests.cs", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContinuousIntegrationBuild=false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_source_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TestSourceDirectory.Of("", AppContext.BaseDirectory));
        Assert.Throws<ArgumentException>(() => TestSourceDirectory.CassetteFolder("Cassettes", " ", AppContext.BaseDirectory));
        Assert.Throws<ArgumentException>(() => TestSourceDirectory.CassetteFolder("", ThisFile, AppContext.BaseDirectory));
    }

    private static string CallerFile([CallerFilePath] string path = "") => path;

    /// <summary>The folder above the test assembly that holds the solution file.</summary>
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "ProcessKit.Testing.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException($"No ProcessKit.Testing.sln above {AppContext.BaseDirectory}.");
        }

        return directory.FullName;
    }
}
