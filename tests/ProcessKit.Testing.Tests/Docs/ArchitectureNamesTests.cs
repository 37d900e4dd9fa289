using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Tests.Docs;

/// <summary>
/// docs/architecture.md names what exists, and names all of it: every path, file and type it
/// quotes in backticks is found in the repository, and every folder of every project under src/
/// is on the page (as <c>`Folder/`</c>), so a new folder cannot go undocumented.
/// </summary>
public sealed partial class ArchitectureNamesTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static readonly string[] RepositoryFolders = ["src/", "tests/", "samples/", "benchmarks/", "docs/", ".ci/", ".github/"];

    private static readonly Lazy<HashSet<string>> SourceWords = new(() =>
    [
        .. SourceFiles("*.cs").Concat(SourceFiles("*.csproj"))
            .SelectMany(file => WordPattern().Matches(File.ReadAllText(file)).Select(match => match.Value)),
    ]);

    [Fact]
    public void Every_quoted_path_exists()
    {
        var missing = Quoted()
            .Where(code => RepositoryFolders.Any(folder => code.StartsWith(folder, StringComparison.Ordinal)))
            .Where(path => !File.Exists(Path.Combine(Root, path)) && !Directory.Exists(Path.Combine(Root, path)))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/architecture.md quotes paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_quoted_source_file_exists_under_src()
    {
        var files = SourceFiles("*.cs").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        var missing = Quoted()
            .Where(code => SourceFileName().IsMatch(code))
            .Where(name => !files.Contains(name))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/architecture.md quotes source files that are not under src/: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_quoted_type_or_member_exists_in_src()
    {
        var missing = Quoted()
            .Select(TypeLikeName)
            .OfType<string>()
            .Where(name => name.Split('.').Any(part => !SourceWords.Value.Contains(part)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"docs/architecture.md quotes names that nothing under src/ declares or uses: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_folder_of_every_project_under_src_is_described()
    {
        var quoted = Quoted().ToHashSet(StringComparer.Ordinal);
        var projects = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(project => Path.GetDirectoryName(project)!)
            .ToList();

        var undescribed = projects
            .Where(project => !quoted.Contains(Path.GetRelativePath(Root, project).Replace('\\', '/')))
            .Select(project => Path.GetRelativePath(Root, project))
            .Concat(projects.SelectMany(project => Directory.EnumerateDirectories(project)
                .Select(Path.GetFileName)
                .Where(folder => folder is not ("bin" or "obj") && !quoted.Contains($"{folder}/"))
                .Select(folder => $"{Path.GetRelativePath(Root, project)}/{folder}/")))
            .ToList();

        Assert.True(undescribed.Count == 0, $"docs/architecture.md does not describe: {string.Join(", ", undescribed)}");
    }

    [Theory]
    [InlineData("ProcessGroup", "ProcessGroup")]
    [InlineData("Command.InGroup", "Command.InGroup")]
    [InlineData("ServerFixture<TServer>", "ServerFixture")]
    [InlineData("EnsureSuccess()", "EnsureSuccess")]
    [InlineData("[LibraryImport]", "LibraryImport")]
    [InlineData("SIGTERM", null)]
    [InlineData("PROCESSKIT_IO=portable", null)]
    [InlineData("With...", null)]
    [InlineData("processkit run", null)]
    [InlineData("Interop.Linux.cs", null)]
    public void Type_like_names_are_told_from_other_code(string code, string? name)
    {
        Assert.Equal(name, TypeLikeName(code));
    }

    [Fact]
    public void A_name_nothing_declares_is_not_found()
    {
        Assert.DoesNotContain("InGroup", SourceWords.Value);
        Assert.Contains("ProcessGroup", SourceWords.Value);
    }

    /// <summary>The inline code of docs/architecture.md.</summary>
    private static IEnumerable<string> Quoted() =>
        MarkdownPage.Read(Path.Combine(Root, "docs", "architecture.md")).CodeSpans().Select(code => code.Trim());

    /// <summary>
    /// The name in <paramref name="code"/> when it reads as a .NET type or member (PascalCase, with a
    /// lower-case letter, dotted parts allowed; generic arguments, a call's parentheses and an
    /// attribute's brackets dropped), else null: constants, variables, commands and file names are not.
    /// </summary>
    private static string? TypeLikeName(string code)
    {
        var name = code.Trim().TrimStart('[').TrimEnd(']');
        name = GenericOrCall().Replace(name, "");
        return SourceFileName().IsMatch(code) || !TypeLike().IsMatch(name) ? null : name;
    }

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), pattern, SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$")]
    private static partial Regex TypeLike();

    [GeneratedRegex(@"(<[^>]*>|\([^)]*\))$")]
    private static partial Regex GenericOrCall();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]*\.cs$")]
    private static partial Regex SourceFileName();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex WordPattern();
}
