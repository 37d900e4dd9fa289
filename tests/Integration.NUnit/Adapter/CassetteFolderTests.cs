using System.Runtime.CompilerServices;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Adapter;

/// <summary>Where [Cassette] puts a test's cassettes, including for a source path that a deterministic (CI) build mapped.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class CassetteFolderTests
{
    [Test]
    public void The_folder_is_beside_the_source_file()
    {
        var source = SourceFile();

        var folder = CassetteNaming.Directory(source, "Cassettes", TestContext.CurrentContext.TestDirectory);

        Assert.That(folder, Is.EqualTo(Path.Combine(Path.GetDirectoryName(source)!, "Cassettes")));
    }

    [Test]
    public void A_source_path_mapped_by_a_deterministic_build_is_found_again_in_the_repository()
    {
        var real = Path.GetDirectoryName(SourceFile())!;
        if (real.StartsWith("/_", StringComparison.Ordinal))
        {
            Assert.Ignore("this build mapped its own source paths, so the real folder is not known to compare with");
        }

        var repository = Path.GetFullPath(Path.Combine(real, "..", "..", ".."));
        var mapped = "/_/" + Path.GetRelativePath(repository, Path.Combine(real, "CassetteFolderTests.cs")).Replace('\\', '/');

        var folder = CassetteNaming.Directory(mapped, "Cassettes", TestContext.CurrentContext.TestDirectory);

        Assert.That(folder, Is.EqualTo(Path.Combine(real, "Cassettes")));
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
}
