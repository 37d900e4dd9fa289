using System.Data.Common;
using System.Globalization;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>A PostgreSQL server made by <see cref="PostgresServerBuilder"/>: its connection string, URL, socket directory, and a <c>psql</c> command for it.</summary>
public sealed class PostgresServer : HelperServer, IDatabaseServer
{
    /// <summary>The superuser of a cluster the fixture made, and the user to connect as unless <see cref="PostgresServerBuilder.WithUsername"/> names another.</summary>
    public const string Superuser = "postgres";

    /// <summary>The database every cluster has, and the one to connect to unless <see cref="PostgresServerBuilder.WithDatabase"/> names another.</summary>
    public const string DefaultDatabase = "postgres";

    private readonly string? _socketDirectory;
    private readonly bool _socketInDataDirectory;
    private readonly PostgresLogin _login;

    /// <summary>Makes the server from a definition (see <see cref="PostgresServerBuilder"/>); its unix socket is in the data directory.</summary>
    /// <param name="definition">The definition; its first port is PostgreSQL's.</param>
    public PostgresServer(HelperServerDefinition definition)
        : this(definition, socketDirectory: null, socketInDataDirectory: true, PostgresLogin.Default)
    {
    }

    internal PostgresServer(HelperServerDefinition definition, string? socketDirectory, bool socketInDataDirectory, PostgresLogin login)
        : base(definition)
    {
        _socketDirectory = socketDirectory;
        _socketInDataDirectory = socketInDataDirectory;
        _login = login;
    }

    /// <summary>
    /// The user to connect as: <see cref="PostgresServerBuilder.WithUsername"/>'s, else
    /// <see cref="Superuser"/>. For an existing server, its URL's user, else <see cref="Superuser"/>
    /// (an existing server is described by its URL alone).
    /// </summary>
    public string UserName => (IsExistingServer ? ExistingCredentials.User : _login.UserName) ?? Superuser;

    /// <summary>
    /// The database to connect to: <see cref="PostgresServerBuilder.WithDatabase"/>'s, else
    /// <see cref="DefaultDatabase"/>. For an existing server, its URL's path, else <see cref="DefaultDatabase"/>.
    /// </summary>
    public string Database => (IsExistingServer
        ? ExistingServerAddress?.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : null
        : _login.Database) ?? DefaultDatabase;

    private string? Password => IsExistingServer ? ExistingCredentials.Password : _login.Password;

    /// <summary>The directory of the server's unix socket, or null (TCP only, or an existing server, or not started).</summary>
    public string? UnixSocketDirectory => IsExistingServer ? null : _socketInDataDirectory ? DataDirectory : _socketDirectory;

    /// <summary>
    /// An Npgsql (ADO.NET) connection string: <c>Host=127.0.0.1;Port=N;Database=postgres;Username=postgres</c>
    /// (Testcontainers' order),
    /// with <c>;Password=...</c> when the server requires one (<see cref="PostgresServerBuilder.WithPassword"/>,
    /// or an existing server's URL); a value that needs it is quoted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string ConnectionString
    {
        get
        {
            var text = new StringBuilder();
            DbConnectionStringBuilder.AppendKeyValuePair(text, "Host", Host);
            DbConnectionStringBuilder.AppendKeyValuePair(text, "Port", Port.ToString(CultureInfo.InvariantCulture));
            DbConnectionStringBuilder.AppendKeyValuePair(text, "Database", Database);
            DbConnectionStringBuilder.AppendKeyValuePair(text, "Username", UserName);
            if (Password is { } password)
            {
                DbConnectionStringBuilder.AppendKeyValuePair(text, "Password", password);
            }

            return text.ToString();
        }
    }

    /// <summary>The same as <see cref="ConnectionString"/>, by the name Testcontainers uses.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public string GetConnectionString() => ConnectionString;

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
    /// error, the password (when the server requires one) in <c>PGPASSWORD</c>, never on the command line.
    /// </summary>
    /// <param name="arguments">psql's further arguments.</param>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Command PsqlCommand(params IEnumerable<string> arguments)
    {
        var psql = Path.Combine(Path.GetDirectoryName(Definition.Command.Program) ?? "", "psql");
        var command = new Command(File.Exists(psql) ? psql : "psql",
            ["-X", "-v", "ON_ERROR_STOP=1", "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", UserName, "-d", Database, .. arguments]);
        return Password is { } password ? command.WithEnvironment("PGPASSWORD", password) : command;
    }
}
