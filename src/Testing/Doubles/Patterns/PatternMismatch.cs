namespace ProcessKit.Testing;

/// <summary>Why a pattern did not match a command, and how close it came (for choosing the nearest rules).</summary>
/// <param name="Reasons">Each failed part, in words.</param>
/// <param name="Closeness">Higher is closer: a matching program counts most; each matching argument adds, each differing one subtracts, and so, less, do a wrong argument count and each failed condition.</param>
internal sealed record PatternMismatch(IReadOnlyList<string> Reasons, int Closeness)
{
    /// <summary>Closeness of a matching program: more than any number of matching arguments.</summary>
    internal const int ProgramWeight = 1_000_000;

    /// <summary>Closeness of one matching argument.</summary>
    internal const int ArgumentWeight = 10;

    public override string ToString() => string.Join("; ", Reasons);
}
