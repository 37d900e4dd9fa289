using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>A PostgreSQL server made by <see cref="PostgresServerBuilder"/>: its connection string, URL, socket directory, and a <c>psql</c> command for it.</summary>
public sealed class PostgresServer : HelperServer
{
    /// <summary>The superuser of a cluster the fixture made (trust authentication: no password).</summary>
    public const string Superuser = "postgres";

    private readonly string? _socketDirectory;
    private readonly bool _socketInDataDirectory;

    /// <summary>Makes the server from a definition (see <see cref="PostgresServerBuilder"/>); its unix socket is in the data directory.</summary>
    /// <param name="definition">The definition; its first port is PostgreSQL's.</param>
    public PostgresServer(HelperServerDefinition definition)
        : this(definition, socketDirectory: null, socketInDataDirectory: true)
    {
    }

    internal PostgresServer(HelperServerDefinition definition, string? socketDirectory, bool socketInDataDirectory)
        : base(definition)
    {
        _socketDirectory = socketDirectory;
        _socketInDataDirectory = socketInDataDirectory;
    }

    /// <summary>The user to connect as: <see cref="Superuser"/>, or the existing server's URL's user.</summary>
    public string UserName => ExistingUserInfo(0) ?? Superuser;

    /// <summary>The database to connect to: <c>postgres</c>, or the existing server's URL's path.</summary>
    public string Database => ExistingServerAddress?.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "postgres";

    /// <summary>The directory of the server's unix socket, or null (TCP only, or an existing server, or not started).</summary>
    public string? UnixSocketDirectory => IsExistingServer ? null : _socketInDataDirectory ? DataDirectory : _socketDirectory;

    /// <summary>
    /// An Npgsql (ADO.NET) connection string: <c>Host=127.0.0.1;Port=N;Username=postgres;Database=postgres</c>,
    /// with the password when an existing server's URL gives one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string ConnectionString
    {
        get
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Host={Host};Port={Port};Username={UserName};Database={Database}");
            return ExistingUserInfo(1) is { } password ? $"{text};Password={password}" : text;
        }
    }

    /// <summary><c>postgresql://user@host:port/database</c> (libpq's form; without a password).</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri Url
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return new Uri(string.Create(CultureInfo.InvariantCulture, $"postgresql://{Uri.EscapeDataString(UserName)}@{host}:{Port}/{Uri.EscapeDataString(Database)}"));
        }
    }

    /// <summary>
    /// A <c>psql</c> command against this server over TCP with <paramref name="arguments"/>, for example
    /// <c>server.PsqlCommand("-tAc", "select 1").RunAsync()</c>: no <c>.psqlrc</c>, stop on the first
    /// error, the password (of an existing server) in <c>PGPASSWORD</c>.
    /// </summary>
    /// <param name="arguments">psql's further arguments.</param>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Command PsqlCommand(params IEnumerable<string> arguments)
    {
        var psql = Path.Combine(Path.GetDirectoryName(Definition.Command.Program) ?? "", "psql");
        var command = new Command(File.Exists(psql) ? psql : "psql",
            ["-X", "-v", "ON_ERROR_STOP=1", "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", UserName, "-d", Database, .. arguments]);
        return ExistingUserInfo(1) is { } password ? command.WithEnvironment("PGPASSWORD", password) : command;
    }

    private string? ExistingUserInfo(int index)
    {
        if (ExistingServerAddress is not { UserInfo.Length: > 0 } address)
        {
            return null;
        }

        var parts = address.UserInfo.Split(':', 2);
        return index < parts.Length && parts[index].Length > 0 ? Uri.UnescapeDataString(parts[index]) : null;
    }
}
