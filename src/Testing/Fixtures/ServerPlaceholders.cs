using System.Globalization;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing;

/// <summary>
/// The placeholders a helper server's arguments, environment values, generated files and probe
/// paths may hold: <c>{port}</c> (the first declared port), <c>{port:NAME}</c> (a named one),
/// <c>{host}</c> and <c>{data}</c> (the data directory). Any other text, braces included (an nginx
/// configuration is full of them), is kept as is.
/// </summary>
internal static partial class ServerPlaceholders
{
    /// <summary>The names of the ports <paramref name="template"/> refers to; the empty string stands for <c>{port}</c>.</summary>
    internal static IEnumerable<string> ReferencedPorts(string template) =>
        Token().Matches(template)
            .Where(match => match.Groups["kind"].Value == "port")
            .Select(match => match.Groups["name"].Value);

    /// <summary>
    /// Checks that every port <paramref name="template"/> refers to is declared.
    /// </summary>
    /// <exception cref="ArgumentException">A placeholder names an undeclared port, or <c>{port}</c> is used while no port is declared.</exception>
    internal static void Validate(string template, IReadOnlyList<string> declaredPorts, string where)
    {
        foreach (var name in ReferencedPorts(template))
        {
            if (name.Length == 0 && declaredPorts.Count == 0)
            {
                throw new ArgumentException($"{where} uses {{port}}, but the server declares no port: add one with WithPort(name) or WithFixedPort(name, port).");
            }

            if (name.Length > 0 && !declaredPorts.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{where} uses {{port:{name}}}, but the server declares no port named '{name}' (declared: {Describe(declaredPorts)}).");
            }
        }
    }

    /// <summary>Replaces every placeholder of <paramref name="template"/> with its value.</summary>
    internal static string Expand(string template, PlaceholderValues values) =>
        Token().Replace(template, match => match.Groups["kind"].Value switch
        {
            "host" => values.Host,
            "data" => values.DataDirectory ?? throw new InvalidOperationException("{data} has no value: the server has no data directory (it points at an existing server)."),
            _ => values.Port(match.Groups["name"].Value).ToString(CultureInfo.InvariantCulture),
        });

    private static string Describe(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    [GeneratedRegex(@"\{(?<kind>port)(?::(?<name>[A-Za-z0-9_.-]+))?\}|\{(?<kind>host|data)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}

/// <summary>What the placeholders stand for in one start of a server.</summary>
/// <param name="Host">The host the server listens on.</param>
/// <param name="Ports">The ports by name, in declaration order.</param>
/// <param name="DataDirectory">The data directory, or null when there is none.</param>
internal sealed record PlaceholderValues(string Host, IReadOnlyList<KeyValuePair<string, int>> Ports, string? DataDirectory)
{
    /// <summary>The port named <paramref name="name"/>; the empty name is the first port.</summary>
    internal int Port(string name)
    {
        if (name.Length == 0)
        {
            return Ports.Count > 0 ? Ports[0].Value : throw new InvalidOperationException("{port} has no value: the server has no port.");
        }

        foreach (var (portName, port) in Ports)
        {
            if (portName == name)
            {
                return port;
            }
        }

        throw new InvalidOperationException($"{{port:{name}}} has no value: the server has no port named '{name}' here.");
    }
}
