namespace ProcessKit;

/// <summary>
/// A secret found in a text: the whole match (<c>password=X</c>), which no other match may
/// overlap, and within it the value to hide (<c>X</c>).
/// </summary>
internal readonly record struct SecretMatch(int Start, int End, int ValueStart, int ValueEnd, SecretShape Shape)
{
    /// <summary>True when this match shares a character with <paramref name="other"/>.</summary>
    internal bool Overlaps(SecretMatch other) => Start < other.End && other.Start < End;
}
