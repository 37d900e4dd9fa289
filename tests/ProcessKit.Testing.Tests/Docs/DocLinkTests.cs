namespace ProcessKit.Testing.Tests.Docs;

/// <summary>
/// Every relative link in README.md and the guides under docs/ leads somewhere: to a file or
/// folder that exists and, when it names an anchor in a markdown file, to a heading of that file.
/// Links to web addresses are not followed.
/// </summary>
public sealed class DocLinkTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var page in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Append(Path.Combine(Root, "README.md"))
            .Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(Root, page));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves(string page)
    {
        var markdown = MarkdownPage.Read(Path.Combine(Root, page));

        var broken = markdown.Links()
            .Where(link => !IsWebAddress(link.Target))
            .Select(link => Problem(markdown, link.Target) is { } problem ? $"line {link.Line}: ({link.Target}) {problem}" : null)
            .OfType<string>()
            .ToList();

        Assert.True(broken.Count == 0, $"{page} has links that lead nowhere:\n{string.Join("\n", broken)}");
    }

    [Fact]
    public void A_link_to_a_missing_file_or_heading_is_found()
    {
        var page = Path.Combine(Path.GetTempPath(), $"doc-link-{Guid.NewGuid():N}.md");
        File.WriteAllText(page, "# A title\n\n[ok](#a-title) [no heading](#nothing) [no file](missing.md) `[in code](missing.md)`\n\n```\n[in a block](missing.md)\n```\n");
        try
        {
            var markdown = MarkdownPage.Read(page);

            var problems = markdown.Links().Select(link => (link.Target, Problem: Problem(markdown, link.Target))).ToList();

            Assert.Equal(["#a-title", "#nothing", "missing.md"], problems.Select(p => p.Target));
            Assert.Null(problems[0].Problem);
            Assert.NotNull(problems[1].Problem);
            Assert.NotNull(problems[2].Problem);
        }
        finally
        {
            File.Delete(page);
        }
    }

    private static bool IsWebAddress(string target) =>
        target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal);

    /// <summary>Why <paramref name="target"/>, linked from <paramref name="from"/>, leads nowhere; null when it resolves.</summary>
    private static string? Problem(MarkdownPage from, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];

        var file = path.Length == 0 ? from.FilePath : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from.FilePath)!, path));
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return $"{Path.GetRelativePath(Root, file)} does not exist";
        }

        if (anchor is null || !file.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        var linked = file == from.FilePath ? from : MarkdownPage.Read(file);
        return linked.Anchors().Contains(anchor) ? null : $"{Path.GetRelativePath(Root, file)} has no heading with the anchor #{anchor}";
    }
}
