using System.Runtime.CompilerServices;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Adapter;

/// <summary>Where [Cassette] puts a test's cassettes, including for a source path that a deterministic (CI) build mapped.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class CassetteFolderTests
{
    /// <summary>This file's folder in the repository (found from the test assembly, so that it holds in a build that maps source paths too).</summary>
    private static readonly string ThisFolder = Path.Combine(RepositoryRoot(), "tests", "Integration.NUnit", "Adapter");

    [Test]
    public void The_folder_is_beside_the_source_file()
    {
        var folder = CassetteNaming.Directory(SourceFile(), "Cassettes", TestContext.CurrentContext.TestDirectory);

        Assert.That(folder, Is.EqualTo(Path.Combine(ThisFolder, "Cassettes")));
    }

    [Test]
    public void A_source_path_mapped_by_a_deterministic_build_is_found_again_in_the_repository()
    {
        var folder = CassetteNaming.Directory("/_/tests/Integration.NUnit/Adapter/CassetteFolderTests.cs", "Cassettes", TestContext.CurrentContext.TestDirectory);

        Assert.That(folder, Is.EqualTo(Path.Combine(ThisFolder, "Cassettes")));
    }

    [Test]
    public void An_absolute_folder_is_used_as_given()
    {
        var folder = Path.Combine(Path.GetTempPath(), "processkit-cassettes");

        Assert.That(CassetteNaming.Directory("/_/anywhere/Tests.cs", folder, TestContext.CurrentContext.TestDirectory), Is.EqualTo(folder));
    }

    [Test]
    public void A_mapped_path_that_is_not_in_the_repository_names_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            CassetteNaming.Directory("/_/no/such/directory/Tests.cs", "Cassettes", TestContext.CurrentContext.TestDirectory));

        Assert.That(error!.Message, Does.Contain("DeterministicSourcePaths=false"));
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProcessKit.Testing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The test assembly is not inside the repository.");
    }
}
