using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>A Redis server made by <see cref="RedisServerBuilder"/>: where to connect, with which credentials, and a <c>redis-cli</c> command for it.</summary>
public sealed class RedisServer : HelperServer, IDatabaseServer
{
    /// <summary>The environment variable by which redis-cli takes a password without it showing on its command line.</summary>
    internal const string CliPasswordVariable = "REDISCLI_AUTH";

    private readonly string? _user;
    private readonly string? _password;

    /// <summary>Makes the server from a definition (see <see cref="RedisServerBuilder"/>), without credentials.</summary>
    /// <param name="definition">The definition; its first port is Redis's.</param>
    public RedisServer(HelperServerDefinition definition)
        : this(definition, user: null, password: null)
    {
    }

    internal RedisServer(HelperServerDefinition definition, string? user, string? password)
        : base(definition)
    {
        _user = user;
        _password = password;
    }

    /// <summary>
    /// <c>host:port</c>, the form StackExchange.Redis and most clients take, followed by
    /// <c>,password=...</c> and <c>,user=...</c> when the server requires them
    /// (<see cref="RedisServerBuilder.WithPassword"/>, <see cref="RedisServerBuilder.WithUser"/>, or
    /// the existing server's URL).
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string ConnectionString
    {
        get
        {
            var text = Address;
            if (Password is { } password)
            {
                text += ",password=" + password;
            }

            return UserName is { } user ? text + ",user=" + user : text;
        }
    }

    /// <summary><c>redis://host:port</c>, without credentials.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri Url => new($"redis://{Address}");

    private string Address => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    // An existing server is described by its URL alone: the builder's credentials are for the server started here.
    private string? UserName => IsExistingServer ? ExistingCredentials.User : _user;

    private string? Password => IsExistingServer ? ExistingCredentials.Password : _password;

    /// <summary>The same as <see cref="ConnectionString"/>, by the name Testcontainers uses.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string GetConnectionString() => ConnectionString;

    /// <summary>
    /// A <c>redis-cli</c> command against this server with <paramref name="arguments"/>, for
    /// example <c>server.CliCommand("SET", "k", "v").RunAsync()</c> (redis-cli is in the package
    /// <c>redis-tools</c>). It authenticates as the server requires: the user by <c>--user</c>, the
    /// password in the environment (<c>REDISCLI_AUTH</c>), never on the command line.
    /// </summary>
    /// <param name="arguments">The redis command and its arguments.</param>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Command CliCommand(params IEnumerable<string> arguments)
    {
        string[] user = UserName is { } name ? ["--user", name] : [];
        var command = new Command(ProgramLocator.Find("redis-cli", "/usr/bin"), ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), .. user, .. arguments]);
        return Password is { } password ? command.WithEnvironment(CliPasswordVariable, password) : command;
    }
}
