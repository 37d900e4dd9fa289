using System.Text;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Tests.Docs;

/// <summary>
/// One markdown file as the documentation checks read it: its prose (lines outside fenced code
/// blocks), the links and inline code spans in that prose, and the anchors its headings get on
/// GitHub. Inline code is not prose: a link written inside backticks is an example, not a link.
/// </summary>
internal sealed partial class MarkdownPage
{
    private MarkdownPage(string path, IReadOnlyList<(int Number, string Text)> prose)
    {
        FilePath = path;
        Prose = prose;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The lines outside fenced code blocks, with their 1-based numbers.</summary>
    public IReadOnlyList<(int Number, string Text)> Prose { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static MarkdownPage Read(string path)
    {
        var prose = new List<(int, string)>();
        string? fence = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
            }
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal))
            {
                fence = null;
            }
            else if (fence is null)
            {
                prose.Add((number, line));
            }
        }

        return new MarkdownPage(path, prose);
    }

    /// <summary>The targets of the inline links and images in the prose (<c>[text](target)</c>), with their line numbers.</summary>
    public IEnumerable<(int Line, string Target)> Links() =>
        Prose.SelectMany(line => LinkPattern().Matches(CodeSpanPattern().Replace(line.Text, ""))
            .Select(match => (line.Number, match.Groups["target"].Value)));

    /// <summary>The contents of the inline code spans in the prose (<c>`...`</c>).</summary>
    public IEnumerable<string> CodeSpans() =>
        Prose.SelectMany(line => CodeSpanPattern().Matches(line.Text).Select(match => match.Groups["code"].Value));

    /// <summary>The anchors of the headings, as GitHub makes them: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    public IReadOnlySet<string> Anchors()
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Prose)
        {
            var heading = HeadingPattern().Match(text);
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(LinkPattern().Replace(heading.Groups["title"].Value, match => match.Groups["text"].Value));
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpanPattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.*?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();
}
