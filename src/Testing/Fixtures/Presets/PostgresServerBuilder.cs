using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// A PostgreSQL server for tests: <c>postgres</c> in the foreground on a free port of 127.0.0.1,
/// its cluster copied from a template that <c>initdb</c> makes once per test run (superuser
/// <c>postgres</c>, trust authentication, UTF-8, C locale; <see cref="WithDatabase"/>,
/// <see cref="WithUsername"/> and <see cref="WithPassword"/> set up another database, user and a
/// required password in each copy), durability off for speed
/// (<c>fsync</c>, <c>synchronous_commit</c>, <c>full_page_writes</c>), its unix socket in the data
/// directory. Ready when it logs "database system is ready to accept connections" and its port
/// answers. PostgreSQL refuses to run as root, so under root it runs as the <c>postgres</c> user
/// (<see cref="WithSystemUser"/>). <see cref="ExistingServerVariable"/>
/// (<c>postgresql://user:password@host:5432/db</c>) points it at a running server instead. Missing
/// programs: package <c>postgresql</c>.
/// </summary>
public sealed class PostgresServerBuilder : HelperServerPresetBuilder<PostgresServerBuilder, PostgresServer>
{
    /// <summary>
    /// The startup timeout unless one is configured: 60 s, twice the general default, because the
    /// first server of a test run also makes the run's template cluster (<c>initdb</c>), which on a
    /// loaded CI machine alone can take most of 30 s.
    /// </summary>
    internal static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The environment variable that points the fixture at a running server: <c>PROCESSKIT_POSTGRES_URL</c>.</summary>
    public const string ExistingServerVariable = "PROCESSKIT_POSTGRES_URL";

    /// <summary>The Debian/Ubuntu package that provides <c>initdb</c> and <c>postgres</c>.</summary>
    public const string Package = "postgresql";

    /// <summary>The longest unix socket path the kernel takes (<c>sun_path</c> is 108 bytes with its NUL).</summary>
    public const int MaxSocketPathBytes = 107;

    private const string SocketFilePattern = ".s.PGSQL.65535";

    private string? _binDirectory;
    private string _systemUser = "postgres";
    private string? _socketDirectory;
    private bool _unixSocket = true;
    private ImmutableList<string> _settings = [];
    private PostgresLogin _login = PostgresLogin.Default;

    /// <summary>Returns a copy whose cluster has the database <paramref name="name"/>, owned by the user to connect as, and connects to it (<c>postgres</c> by default).</summary>
    /// <exception cref="ArgumentException">The name is empty, holds a control character, or is longer than 63 bytes.</exception>
    [Pure]
    public PostgresServerBuilder WithDatabase(string name)
    {
        PostgresLogin.ValidateIdentifier(name, nameof(name));
        return With(builder => builder._login = builder._login.With(database: name));
    }

    /// <summary>Returns a copy whose cluster has the superuser <paramref name="name"/> and connects as it (<see cref="PostgresServer.Superuser"/> by default).</summary>
    /// <exception cref="ArgumentException">The name is empty, holds a control character, or is longer than 63 bytes.</exception>
    [Pure]
    public PostgresServerBuilder WithUsername(string name)
    {
        PostgresLogin.ValidateIdentifier(name, nameof(name));
        return With(builder => builder._login = builder._login.With(userName: name));
    }

    /// <summary>
    /// Returns a copy whose user to connect as has <paramref name="password"/>, required on TCP
    /// (<c>scram-sha-256</c>; the unix socket in the private data directory stays trusted).
    /// <see cref="PostgresServer.ConnectionString"/> and <see cref="PostgresServer.PsqlCommand"/>
    /// carry it. Without it, every connection is trusted.
    /// </summary>
    /// <exception cref="ArgumentException">The password is empty or holds a control character.</exception>
    [Pure]
    public PostgresServerBuilder WithPassword(string password)
    {
        PostgresLogin.ValidatePassword(password, nameof(password));
        return With(builder => builder._login = builder._login.With(password: password));
    }

    /// <summary>Returns a copy that uses the PostgreSQL in <paramref name="directory"/> (holding <c>initdb</c> and <c>postgres</c>) instead of the newest under /usr/lib/postgresql or on PATH.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    [Pure]
    public PostgresServerBuilder WithBinDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return With(builder => builder._binDirectory = Path.GetFullPath(directory));
    }

    /// <summary>Returns a copy that, when this process runs as root, runs initdb and the server as <paramref name="userName"/> (<c>postgres</c> by default). Ignored for other users, who run them as themselves.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    [Pure]
    public PostgresServerBuilder WithSystemUser(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        return With(builder => builder._systemUser = userName);
    }

    /// <summary>Returns a copy that passes <c>-c NAME=VALUE</c> to the server (any postgresql.conf setting; placeholders allowed), after the preset's own.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains '='.</exception>
    [Pure]
    public PostgresServerBuilder WithSetting(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The setting name '{name}' contains '='.", nameof(name));
        }

        return With(builder => builder._settings = builder._settings.AddRange(["-c", $"{name}={value}"]));
    }

    /// <summary>
    /// Returns a copy that puts the unix socket in <paramref name="directory"/> instead of the data
    /// directory: when the temporary directory's path is too long for a socket path. The directory
    /// must exist and be writable by the server's user.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, or the socket path in it would be longer than <see cref="MaxSocketPathBytes"/> bytes.</exception>
    [Pure]
    public PostgresServerBuilder WithUnixSocketDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        var length = SocketPathBytes(full);
        if (length > MaxSocketPathBytes)
        {
            throw new ArgumentException($"The unix socket path in '{full}' would be {length.ToString(CultureInfo.InvariantCulture)} bytes, more than the {MaxSocketPathBytes.ToString(CultureInfo.InvariantCulture)} a socket path may have: choose a shorter directory.", nameof(directory));
        }

        return With(builder =>
        {
            builder._socketDirectory = full;
            builder._unixSocket = true;
        });
    }

    /// <summary>Returns a copy whose server listens on TCP only (<c>unix_socket_directories = ''</c>): no socket path to fit.</summary>
    public PostgresServerBuilder WithoutUnixSocket() => With(builder => builder._unixSocket = false);

    /// <inheritdoc />
    protected override HelperServerBuilder CreateBuilder()
    {
        var bin = _binDirectory ?? ProgramLocator.NewestPostgresBin() ?? Path.GetDirectoryName(ProgramLocator.Find("postgres")) ?? "";
        var systemUser = Environment.UserName == "root" ? _systemUser : null;
        var socketDirectory = _unixSocket ? _socketDirectory ?? "{data}" : "";
        var postgres = new Command(Path.Combine(bin, "postgres"),
        [
            "-D", "{data}/pgdata", "-p", "{port}", "-k", socketDirectory,
            "-c", "listen_addresses={host}", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            .. _settings,
        ]);
        return new HelperServerBuilder(PostgresTemplateCache.AsUser(postgres, systemUser))
            .WithName("postgres")
            .WithStartupTimeout(DefaultStartupTimeout)
            .WithPort("postgres")
            .WithPackage(Package)
            .WithExistingServerVariable(ExistingServerVariable)
            .BeforeStart((context, cancellationToken) => PrepareAsync(context, bin, systemUser, _unixSocket ? _socketDirectory ?? context.DataDirectory : null, _login, cancellationToken))
            .UntilMessageIsLogged("database system is ready to accept connections")
            .UntilPortIsAvailable();
    }

    /// <inheritdoc />
    protected override PostgresServer CreateServer(HelperServerDefinition definition) =>
        new(definition, _unixSocket ? _socketDirectory : null, _unixSocket && _socketDirectory is null, _login);

    private static int SocketPathBytes(string directory) => Encoding.UTF8.GetByteCount(Path.Combine(directory, SocketFilePattern));

    /// <summary>Before each attempt: the socket path fits; in a new data directory, the template's copy owned by the server's user, with the login set up.</summary>
    private static async Task PrepareAsync(ServerStartContext context, string bin, string? systemUser, string? socketDirectory, PostgresLogin login, CancellationToken cancellationToken)
    {
        if (socketDirectory is not null)
        {
            var socket = Path.Combine(socketDirectory, ".s.PGSQL." + context.Port.ToString(CultureInfo.InvariantCulture));
            var length = Encoding.UTF8.GetByteCount(socket);
            if (length > MaxSocketPathBytes)
            {
                throw new PathTooLongException($"The PostgreSQL unix socket path '{socket}' is {length.ToString(CultureInfo.InvariantCulture)} bytes, more than the {MaxSocketPathBytes.ToString(CultureInfo.InvariantCulture)} a socket path may have (the data directory is under a long temporary directory): use WithUnixSocketDirectory with a short directory, Configure(b => b.WithDataDirectoryRoot(...)) with a short root, or WithoutUnixSocket().");
            }
        }

        if (!context.IsNewDataDirectory)
        {
            return;
        }

        foreach (var program in (string[])["initdb", "postgres"])
        {
            var path = Path.Combine(bin, program);
            if (!File.Exists(path))
            {
                throw new ServerBinaryNotFoundException(context.ServerName, program, Package, installHint: null, [path]);
            }
        }

        var template = await PostgresTemplateCache.GetAsync(bin, systemUser, context.Log, cancellationToken).ConfigureAwait(false);
        if (systemUser is not null)
        {
            await ProcessRunner.Default.RunAsync(new Command("chown", systemUser + ":", context.DataDirectory), cancellationToken).ConfigureAwait(false);
        }

        // cp -a keeps the owner and the 0700 mode postgres insists on.
        var pgdata = Path.Combine(context.DataDirectory, "pgdata");
        await ProcessRunner.Default.RunAsync(new Command("cp", "-a", template, pgdata), cancellationToken).ConfigureAwait(false);
        await login.ApplyAsync(bin, pgdata, systemUser, cancellationToken).ConfigureAwait(false);
    }
}
