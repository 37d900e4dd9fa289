using System.Collections.Immutable;

namespace ProcessKit.Testing;

/// <summary>
/// A Redis server for tests: <c>redis-server</c> in the foreground on a free port bound to
/// 127.0.0.1, with no persistence (<c>--save "" --appendonly no</c>) and its working files in the
/// data directory; ready when it logs "Ready to accept connections" and its port answers.
/// <see cref="ExistingServerVariable"/> (<c>redis://host:port</c> or <c>host:port</c>) points it at a
/// running Redis instead. Missing program: package <c>redis-server</c>.
/// </summary>
public sealed class RedisServerBuilder : HelperServerPresetBuilder<RedisServerBuilder, RedisServer>
{
    /// <summary>The environment variable that points the fixture at a running Redis: <c>PROCESSKIT_REDIS_URL</c>.</summary>
    public const string ExistingServerVariable = "PROCESSKIT_REDIS_URL";

    /// <summary>The Debian/Ubuntu package that provides <c>redis-server</c>.</summary>
    public const string Package = "redis-server";

    private string? _program;
    private ImmutableList<string> _settings = [];

    /// <summary>Returns a copy that runs <paramref name="path"/> instead of the <c>redis-server</c> found on PATH (or in /usr/sbin, /usr/bin).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public RedisServerBuilder WithProgram(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return With(builder => builder._program = path);
    }

    /// <summary>Returns a copy that passes <c>--NAME VALUE</c> to redis-server (any redis.conf directive; placeholders allowed), after the preset's own.</summary>
    /// <exception cref="ArgumentException">The name is empty or starts with '-'.</exception>
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
        return new HelperServerBuilder(new Command(program,
            ["--port", "{port}", "--bind", "{host}", "--save", "", "--appendonly", "no", "--dir", "{data}", "--daemonize", "no", .. _settings]))
            .WithName("redis")
            .WithPort("redis")
            .WithPackage(Package)
            .WithExistingServerVariable(ExistingServerVariable)
            .UntilMessageIsLogged("Ready to accept connections")
            .UntilPortIsAvailable();
    }

    /// <inheritdoc />
    protected override RedisServer CreateServer(HelperServerDefinition definition) => new(definition);
}
