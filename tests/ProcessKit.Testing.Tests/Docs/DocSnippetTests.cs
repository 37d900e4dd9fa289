namespace ProcessKit.Testing.Tests.Docs;

/// <summary>
/// Every C# block a guide shows compiles: it must appear, line for line, in a file of
/// docs/snippets (a project the solution build compiles). Lines are compared trimmed, blank lines
/// ignored; a block's leading <c>using</c> directives are left out (the snippets' namespace imports them).
/// </summary>
public sealed class DocSnippetTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static TheoryData<string> Guides()
    {
        var guides = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(Root, "README.md"))
            .Where(f => Blocks(f).Count > 0)
            .Order(StringComparer.Ordinal))
        {
            guides.Add(Path.GetRelativePath(Root, file));
        }

        return guides;
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public void Every_csharp_block_of_the_guide_is_compiled_in_docs_snippets(string guide)
    {
        var snippetFiles = Directory.EnumerateFiles(Path.Combine(Root, "docs", "snippets"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Significant(File.ReadAllLines(f)))
            .ToList();

        var missing = Blocks(Path.Combine(Root, guide))
            .Where(block => !snippetFiles.Any(file => Contains(file, block)))
            .Select(block => string.Join("\n", block.Code.Take(3)))
            .ToList();

        Assert.True(missing.Count == 0,
            $"{guide} shows C# that no file under docs/snippets compiles; add it there verbatim. Blocks beginning:\n\n{string.Join("\n\n", missing)}");
    }

    [Fact]
    public void The_guides_are_found()
    {
        Assert.Contains(Path.Combine("docs", "running-commands.md"), Guides().Select(row => row.Data));
    }

    private static bool Contains(IReadOnlyList<string> file, Block block) =>
        IndexOf(file, block.Code) >= 0;

    private static int IndexOf(IReadOnlyList<string> file, IReadOnlyList<string> code)
    {
        for (var start = 0; start + code.Count <= file.Count; start++)
        {
            var match = true;
            for (var i = 0; i < code.Count && match; i++)
            {
                match = file[start + i] == code[i];
            }

            if (match)
            {
                return start;
            }
        }

        return -1;
    }

    private static List<Block> Blocks(string markdown)
    {
        var blocks = new List<Block>();
        List<string>? current = null;
        foreach (var line in File.ReadLines(markdown))
        {
            var fence = line.Trim();
            if (current is null && fence == "```csharp")
            {
                current = [];
            }
            else if (current is not null && fence == "```")
            {
                var significant = Significant(current);
                var usings = significant.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';') && !l.Contains('(', StringComparison.Ordinal)).Count();
                blocks.Add(new Block(significant.Skip(usings).ToList()));
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }

        return blocks;
    }

    private static List<string> Significant(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private sealed record Block(IReadOnlyList<string> Code);
}
