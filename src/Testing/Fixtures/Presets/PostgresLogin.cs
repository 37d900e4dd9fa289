using System.Globalization;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// The database, user and password a PostgreSQL preset sets up in its new cluster, and how: one
/// run of <c>postgres --single</c> on the copied template before the server starts (the user a
/// superuser with that password, the database owned by it), and, with a password, a
/// <c>pg_hba.conf</c> that requires it on TCP (<c>scram-sha-256</c>) while the unix socket in the
/// private data directory stays trusted. Never a record: its text would show the password.
/// </summary>
internal sealed class PostgresLogin
{
    /// <summary>The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes); a longer one is silently truncated.</summary>
    internal const int MaxIdentifierBytes = 63;

    internal PostgresLogin(string? database, string? userName, string? password)
    {
        Database = database;
        UserName = userName;
        Password = password;
    }

    /// <summary>Nothing set: the template's superuser, database and trust authentication as they are.</summary>
    internal static PostgresLogin Default { get; } = new(null, null, null);

    internal string? Database { get; }

    internal string? UserName { get; }

    internal string? Password { get; }

    /// <summary>Returns a copy with the given parts changed.</summary>
    internal PostgresLogin With(string? database = null, string? userName = null, string? password = null) =>
        new(database ?? Database, userName ?? UserName, password ?? Password);

    /// <exception cref="ArgumentException">The name is empty, holds a control character, or is longer than <see cref="MaxIdentifierBytes"/> bytes.</exception>
    internal static void ValidateIdentifier(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        ThrowIfControl(name, parameter);
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxIdentifierBytes)
        {
            throw new ArgumentException($"The PostgreSQL name '{name}' is {bytes.ToString(CultureInfo.InvariantCulture)} bytes; PostgreSQL keeps at most {MaxIdentifierBytes.ToString(CultureInfo.InvariantCulture)}.", parameter);
        }
    }

    /// <exception cref="ArgumentException">The password is empty or holds a control character.</exception>
    internal static void ValidatePassword(string password, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(password, parameter);
        ThrowIfControl(password, parameter);
    }

    /// <summary>In a new data directory's cluster <paramref name="pgdata"/>: creates the user and database, then requires the password on TCP. Does nothing for <see cref="Default"/>.</summary>
    internal async Task ApplyAsync(string binDirectory, string pgdata, string? systemUser, CancellationToken cancellationToken)
    {
        if (Database is null && UserName is null && Password is null)
        {
            return;
        }

        // Single-user mode reads one statement per line. exit_on_error makes a failed statement a
        // failed run (it is exit 0 otherwise); log_min_error_statement=panic keeps the statement,
        // password and all, out of the error it reports.
        var single = new Command(Path.Combine(binDirectory, "postgres"),
            "--single", "-D", pgdata, "-F", "-c", "exit_on_error=on", "-c", "log_min_error_statement=panic", "-c", "log_checkpoints=off", PostgresServer.DefaultDatabase)
            .WithStandardInput(SetupStatements());
        await ProcessRunner.Default.RunAsync(PostgresTemplateCache.AsUser(single, systemUser), cancellationToken).ConfigureAwait(false);
        if (Password is not null)
        {
            // Rewritten in place, so the file keeps its owner (the server's user).
            await File.WriteAllTextAsync(Path.Combine(pgdata, "pg_hba.conf"), "local all all trust\nhost all all all scram-sha-256\n", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The SQL, one statement per line.</summary>
    internal string SetupStatements()
    {
        var user = UserName ?? PostgresServer.Superuser;
        var password = Password is null ? "" : " PASSWORD " + Literal(Password);
        var text = new StringBuilder();
        if (user != PostgresServer.Superuser)
        {
            text.Append("CREATE ROLE ").Append(Identifier(user)).Append(" SUPERUSER LOGIN").Append(password).Append(";\n");
        }
        else if (Password is not null)
        {
            text.Append("ALTER ROLE ").Append(Identifier(user)).Append(password).Append(";\n");
        }

        if (Database is { } database && database != PostgresServer.DefaultDatabase)
        {
            text.Append("CREATE DATABASE ").Append(Identifier(database)).Append(" OWNER ").Append(Identifier(user)).Append(";\n");
        }

        return text.ToString();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // standard_conforming_strings is on: only the quote is special.
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void ThrowIfControl(string value, string parameter)
    {
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException("A PostgreSQL name or password for a preset must hold no control character.", parameter);
        }
    }
}
