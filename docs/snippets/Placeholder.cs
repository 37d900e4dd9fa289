namespace ProcessKit.Docs.Snippets;

/// <summary>Snippets of the guides; each file here holds one guide's code.</summary>
internal static class SnippetsIndex
{
}
