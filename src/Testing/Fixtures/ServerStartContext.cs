namespace ProcessKit.Testing;

/// <summary>
/// What a <see cref="HelperServerBuilder.BeforeStart"/> step sees: the ports and directory of the
/// start about to happen. A step runs before every start attempt (a retry on new ports included);
/// work that belongs to a new data directory only (copying a template) checks <see cref="IsNewDataDirectory"/>.
/// </summary>
public sealed class ServerStartContext
{
    private readonly PlaceholderValues _values;

    internal ServerStartContext(string serverName, PlaceholderValues values, int attempt, bool isNewDataDirectory, ServerLog log)
    {
        ServerName = serverName;
        _values = values;
        Attempt = attempt;
        IsNewDataDirectory = isNewDataDirectory;
        Log = log;
    }

    /// <summary>The server's name.</summary>
    public string ServerName { get; }

    /// <summary>The host the server listens on.</summary>
    public string Host => _values.Host;

    /// <summary>The data directory: fresh and empty at the first attempt after it was created.</summary>
    public string DataDirectory => _values.DataDirectory!;

    /// <summary>The first port.</summary>
    /// <exception cref="InvalidOperationException">The server has no port.</exception>
    public int Port => _values.Port("");

    /// <summary>The ports by name, in declaration order.</summary>
    public IReadOnlyDictionary<string, int> Ports => _values.Ports.ToDictionary(StringComparer.Ordinal);

    /// <summary>The attempt, from 1; more than 1 after allocated ports turned out to be taken.</summary>
    public int Attempt { get; }

    /// <summary>True when the data directory was created for this start (not a restart or retry on an existing one).</summary>
    public bool IsNewDataDirectory { get; }

    /// <summary>The server's log, for notes about what a preset's step does.</summary>
    internal ServerLog Log { get; }

    /// <summary>The port named <paramref name="name"/>.</summary>
    /// <param name="name">A declared port name.</param>
    /// <exception cref="InvalidOperationException">There is no such port.</exception>
    public int GetPort(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _values.Port(name);
    }

    /// <summary>Replaces the placeholders (<c>{port}</c>, <c>{port:NAME}</c>, <c>{host}</c>, <c>{data}</c>) of <paramref name="template"/>.</summary>
    /// <param name="template">The text.</param>
    /// <exception cref="InvalidOperationException">A placeholder names an unknown port.</exception>
    public string Expand(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return ServerPlaceholders.Expand(template, _values);
    }
}
