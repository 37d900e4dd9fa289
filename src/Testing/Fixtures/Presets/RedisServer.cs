using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>A Redis server made by <see cref="RedisServerBuilder"/>: where to connect, and a <c>redis-cli</c> command for it.</summary>
public sealed class RedisServer : HelperServer
{
    /// <summary>Makes the server from a definition (see <see cref="RedisServerBuilder"/>).</summary>
    /// <param name="definition">The definition; its first port is Redis's.</param>
    public RedisServer(HelperServerDefinition definition)
        : base(definition)
    {
    }

    /// <summary><c>host:port</c>, the form StackExchange.Redis and most clients take.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string ConnectionString => $"{UriHost}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>redis://host:port</c>.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri Url => new($"redis://{ConnectionString}");

    private string UriHost => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    /// <summary>
    /// A <c>redis-cli</c> command against this server with <paramref name="arguments"/>, for
    /// example <c>server.CliCommand("SET", "k", "v").RunAsync()</c> (redis-cli is in the package
    /// <c>redis-tools</c>).
    /// </summary>
    /// <param name="arguments">The redis command and its arguments.</param>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Command CliCommand(params IEnumerable<string> arguments) =>
        new(ProgramLocator.Find("redis-cli", "/usr/bin"), ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), .. arguments]);
}
