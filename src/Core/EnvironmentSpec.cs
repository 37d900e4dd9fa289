using System.Collections;
using System.Collections.Immutable;

namespace ProcessKit;

/// <summary>
/// The environment a command gives its child, as a recipe applied at spawn: a base (the parent's
/// environment, nothing, or an allow-list copied from the parent), then sets and removals.
/// </summary>
internal sealed record EnvironmentSpec(
    bool ClearParent,
    ImmutableArray<string> InheritedNames,
    ImmutableDictionary<string, string?> Changes)
{
    internal static StringComparer NameComparer { get; } =
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    internal static EnvironmentSpec Inherit { get; } =
        new(false, [], ImmutableDictionary.Create<string, string?>(NameComparer));

    internal EnvironmentSpec Set(string name, string value) => this with { Changes = Changes.SetItem(name, value) };

    internal EnvironmentSpec Remove(string name) => this with { Changes = Changes.SetItem(name, null) };

    internal EnvironmentSpec Clear() => new(true, [], Changes.Clear());

    internal EnvironmentSpec InheritOnly(IEnumerable<string> names) => new(true, [.. names], Changes.Clear());

    /// <summary>The names this spec sets (not their values, which may be secret).</summary>
    internal IEnumerable<string> ChangedNames => Changes.Keys;

    /// <summary>Builds the child's environment from this process's current environment.</summary>
    internal Dictionary<string, string> Resolve()
    {
        var parent = Environment.GetEnvironmentVariables();
        var result = new Dictionary<string, string>(NameComparer);
        if (!ClearParent)
        {
            foreach (DictionaryEntry entry in parent)
            {
                result[(string)entry.Key] = (string?)entry.Value ?? "";
            }
        }
        else
        {
            foreach (var name in InheritedNames)
            {
                if (parent[name] is string value)
                {
                    result[name] = value;
                }
            }
        }

        foreach (var (name, value) in Changes)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = value;
            }
        }

        return result;
    }
}
