using System.Collections;

namespace TestHelper;

/// <summary>Actions that report what the process sees of its environment.</summary>
internal static class InfoActions
{
    public static void PrintEnv(string name) =>
        StdStreams.Out(Environment.GetEnvironmentVariable(name) ?? "<unset>");

    /// <summary>Prints NAME=VALUE for every variable, sorted by name (ordinal).</summary>
    public static void PrintEnvAll()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            pairs.Add(new((string)entry.Key, (string?)entry.Value ?? ""));
        }

        pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new System.Text.StringBuilder();
        foreach (var (name, value) in pairs)
        {
            builder.Append(name).Append('=').Append(value).Append('\n');
        }

        StdStreams.OutNoNewline(builder.ToString());
    }
}
