using System.Net.Sockets;
using System.Text;
using Npgsql;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using StackExchange.Redis;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>
/// The redis and postgres presets with credentials, against the real servers and their usual .NET
/// clients (StackExchange.Redis, Npgsql): the server requires them, the connection string and the
/// command of each carry them, and no command line shows the password.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PresetCredentialTests : SpawningTest
{
    [LinuxFact]
    public async Task Redis_with_a_password_refuses_strangers_and_its_connection_string_and_cli_authenticate()
    {
        const string Password = "redis-pass \"word\"";
        await using var server = new RedisServerBuilder().WithPassword(Password).Configure(Marked).Build();
        await StartOrSkipAsync(server);

        Assert.Equal($"127.0.0.1:{server.Port},password={Password}", server.ConnectionString);
        Assert.Equal(server.ConnectionString, ((IDatabaseServer)server).GetConnectionString());
        Assert.StartsWith("-NOAUTH", await RespAsync(server.Port, "PING"), StringComparison.Ordinal);
        await using (var client = await ConnectionMultiplexer.ConnectAsync(server.GetConnectionString()))
        {
            await client.GetDatabase().StringSetAsync("greeting", "hello");
            Assert.Equal("hello", (string?)await client.GetDatabase().StringGetAsync("greeting"));
        }

        var cli = server.CliCommand("GET", "greeting");
        Assert.Equal("hello", await cli.RunAsync(Token));
        Assert.Equal(Password, cli.EnvironmentChanges["REDISCLI_AUTH"]);
        Assert.DoesNotContain(Password, string.Join(' ', cli.Arguments), StringComparison.Ordinal);
        Assert.DoesNotContain("redis-pass", await File.ReadAllTextAsync($"/proc/{server.Process!.Id}/cmdline", Token), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Redis_with_a_user_connects_as_it_and_lets_no_one_in_unauthenticated()
    {
        await using var server = new RedisServerBuilder().WithUser("app", "app-secret").Configure(Marked).Build();
        await StartOrSkipAsync(server);

        Assert.Equal($"127.0.0.1:{server.Port},password=app-secret,user=app", server.ConnectionString);
        Assert.StartsWith("-NOAUTH", await RespAsync(server.Port, "PING"), StringComparison.Ordinal);
        await using (var client = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            Assert.Equal("app", (string?)await client.GetDatabase().ExecuteAsync("ACL", "WHOAMI"));
        }

        Assert.Equal("app", await server.CliCommand("ACL", "WHOAMI").RunAsync(Token));
        Assert.DoesNotContain("app-secret", string.Join(' ', server.CliCommand("PING").Arguments), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task An_existing_redis_is_described_by_its_url_alone_credentials_included()
    {
        await using var running = new RedisServerBuilder().WithUser("ci", "url-secret").Configure(Marked).Build();
        await StartOrSkipAsync(running);
        var variable = "PROCESSKIT_TEST_REDIS_" + Guid.NewGuid().ToString("N");
        using var scope = new VariableScope(variable, $"redis://ci:url-secret@127.0.0.1:{running.Port}");
        await using var server = new RedisServerBuilder().WithPassword("builder-secret").Configure(b => b.WithExistingServerVariable(variable)).Build();

        await server.StartAsync(Token);

        Assert.True(server.IsExistingServer);
        Assert.Equal($"127.0.0.1:{running.Port},password=url-secret,user=ci", server.ConnectionString);
        Assert.Equal("ci", await server.CliCommand("ACL", "WHOAMI").RunAsync(Token));
    }

    [LinuxFact]
    public async Task Postgres_creates_the_database_and_user_and_requires_the_password_on_tcp()
    {
        const string Password = "pg;secret 'quoted'";
        await using var server = new PostgresServerBuilder().WithDatabase("app db").WithUsername("app").WithPassword(Password).Configure(Marked).Build();
        await StartOrSkipAsync(server);

        var settings = new NpgsqlConnectionStringBuilder(server.GetConnectionString());
        Assert.Equal(("127.0.0.1", server.Port, "app", "app db", Password), (settings.Host, settings.Port, settings.Username, settings.Database, settings.Password));
        Assert.Equal(server.ConnectionString, ((IDatabaseServer)server).GetConnectionString());
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(Token);
            await using var query = new NpgsqlCommand("select current_user || '@' || current_database()", connection);
            Assert.Equal("app@app db", await query.ExecuteScalarAsync(Token));
        }

        settings.Password = "wrong";
        await using (var refused = new NpgsqlConnection(settings.ConnectionString))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync(Token));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
        }

        var psql = server.PsqlCommand("-tAc", "select current_user || '@' || current_database()");
        Assert.Equal("app@app db", await psql.RunAsync(Token));
        Assert.Equal(Password, psql.EnvironmentChanges["PGPASSWORD"]);
        Assert.DoesNotContain("secret", string.Join(' ', psql.Arguments), StringComparison.Ordinal);
        Assert.NotEqual(0, await psql.WithEnvironment("PGPASSWORD", "wrong").ExitCodeAsync(Token));
        Assert.Equal(new Uri($"postgresql://app@127.0.0.1:{server.Port}/app%20db"), server.Url);
    }

    [LinuxFact]
    public async Task Postgres_with_a_password_alone_gives_it_to_the_superuser()
    {
        await using var server = new PostgresServerBuilder().WithPassword("su-secret").Configure(Marked).Build();
        await StartOrSkipAsync(server);

        Assert.Equal($"Host=127.0.0.1;Port={server.Port};Database=postgres;Username=postgres;Password=su-secret", server.ConnectionString);
        Assert.Equal("postgres", await server.PsqlCommand("-tAc", "select current_user").RunAsync(Token));
        var stranger = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = null };
        await using var refused = new NpgsqlConnection(stranger.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => refused.OpenAsync(Token));
    }

    [Fact]
    public void Credentials_are_validated_at_once()
    {
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithPassword(""));
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithPassword("a,b"));
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithPassword("a\nb"));
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithUser("default", "x"));
        Assert.Throws<ArgumentException>(() => new RedisServerBuilder().WithUser("a b", "x"));
        Assert.Throws<ArgumentException>(() => new PostgresServerBuilder().WithDatabase(new string('d', 64)));
        Assert.Throws<ArgumentException>(() => new PostgresServerBuilder().WithUsername(""));
        Assert.Throws<ArgumentException>(() => new PostgresServerBuilder().WithPassword("a\nb"));
    }

    [Fact]
    public void Redis_credentials_go_to_a_file_of_the_data_directory_not_to_the_command_line()
    {
        var builder = new RedisServerBuilder().WithUser("app", "p\"w\\").WithPassword("default-pw");
        var arguments = builder.Build().Definition.Command.Arguments;

        Assert.Equal("{data}/" + RedisServerBuilder.AuthFile, arguments[0]);
        Assert.DoesNotContain(arguments, argument => argument.Contains("pw", StringComparison.Ordinal));
        Assert.Equal("requirepass \"default-pw\"\nuser \"app\" on \">p\\\"w\\\\\" ~* &* +@all\n", builder.AuthConfiguration());
        Assert.Equal("user default off\nuser \"app\" on \">x\" ~* &* +@all\n", new RedisServerBuilder().WithUser("app", "x").AuthConfiguration());
    }

    [Fact]
    public void Postgres_sets_up_its_login_with_quoted_names_one_statement_a_line()
    {
        Assert.Equal("CREATE ROLE \"a\"\"b\" SUPERUSER LOGIN PASSWORD 'it''s';\nCREATE DATABASE \"d\" OWNER \"a\"\"b\";\n",
            new PostgresLogin("d", "a\"b", "it's").SetupStatements());
        Assert.Equal("ALTER ROLE \"postgres\" PASSWORD 'x';\n", new PostgresLogin(null, null, "x").SetupStatements());
        Assert.Equal("CREATE DATABASE \"d\" OWNER \"postgres\";\n", new PostgresLogin("d", null, null).SetupStatements());
    }

    private HelperServerBuilder Marked(HelperServerBuilder builder) => builder.WithEnvironment(MarkerVariable, Marker);

    private static async Task StartOrSkipAsync(HelperServer server)
    {
        try
        {
            await server.StartAsync(Token);
        }
        catch (ServerBinaryNotFoundException missing)
        {
            Assert.Skip(missing.SkipReason);
        }
    }

    /// <summary>One inline RESP command, one reply line, from a client that never authenticated.</summary>
    private static async Task<string> RespAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(Token) ?? "";
    }
}
