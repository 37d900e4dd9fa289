using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// A Redis server for tests: <c>redis-server</c> in the foreground on a free port bound to
/// 127.0.0.1, with no persistence (<c>--save "" --appendonly no</c>) and its working files in the
/// data directory; ready when it logs "Ready to accept connections" and its port answers. With
/// <see cref="WithPassword"/> or <see cref="WithUser"/> it refuses clients that do not
/// authenticate; the credentials go to redis-server in a file of the data directory, never on
/// its command line. <see cref="ExistingServerVariable"/> (<c>redis://host:port</c>,
/// <c>redis://user:password@host:port</c> or <c>host:port</c>) points it at a running Redis
/// instead. Missing program: package <c>redis-server</c>.
/// </summary>
public sealed class RedisServerBuilder : HelperServerPresetBuilder<RedisServerBuilder, RedisServer>
{
    /// <summary>The environment variable that points the fixture at a running Redis: <c>PROCESSKIT_REDIS_URL</c>.</summary>
    public const string ExistingServerVariable = "PROCESSKIT_REDIS_URL";

    /// <summary>The Debian/Ubuntu package that provides <c>redis-server</c>.</summary>
    public const string Package = "redis-server";

    /// <summary>The file in the data directory that holds the credentials, read by redis-server as its configuration file.</summary>
    internal const string AuthFile = "processkit-auth.conf";

    private string? _program;
    private ImmutableList<string> _settings = [];
    private string? _password;
    private (string Name, string Password)? _user;

    /// <summary>
    /// Returns a copy whose server requires <paramref name="password"/> (<c>requirepass</c>: the
    /// default user's password). <see cref="RedisServer.ConnectionString"/> and
    /// <see cref="RedisServer.CliCommand"/> carry it.
    /// </summary>
    /// <exception cref="ArgumentException">The password is empty, holds a control character, or a ',' (which StackExchange.Redis's connection string cannot carry).</exception>
    [Pure]
    public RedisServerBuilder WithPassword(string password)
    {
        ValidateCredential(password, nameof(password));
        return With(builder => builder._password = password);
    }

    /// <summary>
    /// Returns a copy whose server has an ACL user <paramref name="name"/> with
    /// <paramref name="password"/> and every permission (<c>on &gt;password ~* &amp;* +@all</c>),
    /// as whom <see cref="RedisServer.ConnectionString"/> and <see cref="RedisServer.CliCommand"/>
    /// connect. The default user is switched off, unless <see cref="WithPassword"/> gives it a
    /// password: no client gets in without authenticating.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, <c>default</c> (use <see cref="WithPassword"/>) or holds a space; or the name or password holds a control character or a ','.</exception>
    [Pure]
    public RedisServerBuilder WithUser(string name, string password)
    {
        ValidateCredential(name, nameof(name));
        ValidateCredential(password, nameof(password));
        if (name == "default" || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"The user name '{name}' cannot be used: it must hold no space, and the default user's password is set by WithPassword.", nameof(name));
        }

        return With(builder => builder._user = (name, password));
    }

    /// <summary>Returns a copy that runs <paramref name="path"/> instead of the <c>redis-server</c> found on PATH (or in /usr/sbin, /usr/bin).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    [Pure]
    public RedisServerBuilder WithProgram(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return With(builder => builder._program = path);
    }

    /// <summary>Returns a copy that passes <c>--NAME VALUE</c> to redis-server (any redis.conf directive; placeholders allowed), after the preset's own.</summary>
    /// <exception cref="ArgumentException">The name is empty or starts with '-'.</exception>
    [Pure]
    public RedisServerBuilder WithSetting(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.StartsWith('-'))
        {
            throw new ArgumentException($"Give the setting name without dashes ('{name.TrimStart('-')}', not '{name}').", nameof(name));
        }

        return With(builder => builder._settings = builder._settings.AddRange(["--" + name, value]));
    }

    /// <inheritdoc />
    protected override HelperServerBuilder CreateBuilder()
    {
        var program = _program ?? ProgramLocator.Find("redis-server", "/usr/sbin", "/usr/bin", "/usr/local/bin");
        var authenticates = _password is not null || _user is not null;
        // redis-server reads a configuration file only as its first argument.
        string[] configuration = authenticates ? ["{data}/" + AuthFile] : [];
        var builder = new HelperServerBuilder(new Command(program,
            [.. configuration, "--port", "{port}", "--bind", "{host}", "--save", "", "--appendonly", "no", "--dir", "{data}", "--daemonize", "no", .. _settings]));
        if (authenticates)
        {
            // Written by a start step, not WithConfigFile: placeholders must not touch a password.
            var content = AuthConfiguration();
            builder = builder.BeforeStart((context, cancellationToken) =>
                File.WriteAllTextAsync(Path.Combine(context.DataDirectory, AuthFile), content, cancellationToken));
        }

        return builder
            .WithName("redis")
            .WithPort("redis")
            .WithPackage(Package)
            .WithExistingServerVariable(ExistingServerVariable)
            .UntilMessageIsLogged("Ready to accept connections")
            .UntilPortIsAvailable();
    }

    /// <inheritdoc />
    protected override RedisServer CreateServer(HelperServerDefinition definition) => new(definition, _user?.Name, _user?.Password ?? _password);

    /// <summary>The <c>requirepass</c> and <c>user</c> directives, each value quoted as redis.conf reads it.</summary>
    internal string AuthConfiguration()
    {
        var text = new StringBuilder();
        if (_password is not null)
        {
            text.Append("requirepass ").Append(Quote(_password)).Append('\n');
        }

        if (_user is var (name, password))
        {
            if (_password is null)
            {
                text.Append("user default off\n");
            }

            text.Append("user ").Append(Quote(name)).Append(" on ").Append(Quote(">" + password)).Append(" ~* &* +@all\n");
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void ValidateCredential(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameter);
        if (value.Any(char.IsControl) || value.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Redis user name or password must hold no control character and no ',' (StackExchange.Redis's connection string cannot carry one).", parameter);
        }
    }
}
