using System.Diagnostics.Contracts;
using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// An nginx server for tests: a configuration generated into the data directory (pid file, temp
/// paths, error log to stderr, <c>daemon off; master_process on;</c> with workers) listening on a
/// free port of 127.0.0.1, with your <c>server { }</c> directives or a static directory. Ready when
/// its port answers HTTP. <see cref="ExistingServerVariable"/> (<c>http://host:port</c>) points it at
/// a running server instead. Missing program: package <c>nginx-light</c> (or any nginx package).
/// </summary>
/// <remarks>
/// Every generated configuration answers <c>GET /_processkit/ready</c> with 204, which readiness
/// uses; everything else is yours. Run as root, nginx's workers switch to its default unprivileged
/// user, as in production.
/// </remarks>
public sealed class NginxServerBuilder : HelperServerPresetBuilder<NginxServerBuilder, NginxServer>
{
    /// <summary>The environment variable that points the fixture at a running server: <c>PROCESSKIT_NGINX_URL</c>.</summary>
    public const string ExistingServerVariable = "PROCESSKIT_NGINX_URL";

    /// <summary>The Debian/Ubuntu package named when nginx is missing.</summary>
    public const string Package = "nginx-light";

    /// <summary>The path the generated configuration answers with 204, for readiness.</summary>
    public const string ReadinessPath = "/_processkit/ready";

    private string? _program;
    private int _workers = 2;
    private string? _serverDirectives;
    private string? _staticDirectory;
    private bool _accessLog;

    /// <summary>Returns a copy that runs <paramref name="path"/> instead of the nginx found on PATH (or in /usr/sbin).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    [Pure]
    public NginxServerBuilder WithProgram(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return With(builder => builder._program = path);
    }

    /// <summary>Returns a copy with <paramref name="count"/> worker processes (2 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not 1..64.</exception>
    [Pure]
    public NginxServerBuilder WithWorkerProcesses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 64);
        return With(builder => builder._workers = count);
    }

    /// <summary>
    /// Returns a copy whose <c>server { }</c> block holds <paramref name="directives"/> (for example
    /// <c>location /api/ { return 200 "ok"; }</c>; placeholders allowed). Without it, every other
    /// path answers 200 "nginx".
    /// </summary>
    /// <exception cref="ArgumentException">The directives are empty.</exception>
    [Pure]
    public NginxServerBuilder WithServerDirectives(string directives)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directives);
        return With(builder => builder._serverDirectives = directives);
    }

    /// <summary>Returns a copy that serves the files of <paramref name="directory"/> (<c>root</c>); it must be readable by nginx's workers.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    [Pure]
    public NginxServerBuilder WithStaticDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return With(builder => builder._staticDirectory = Path.GetFullPath(directory));
    }

    /// <summary>Returns a copy that writes the access log to standard output, so requests appear in the server's log (off by default).</summary>
    [Pure]
    public NginxServerBuilder WithAccessLog(bool enabled = true) => With(builder => builder._accessLog = enabled);

    /// <summary>The configuration file the preset generates, with placeholders for the port and data directory.</summary>
    internal string ConfigurationTemplate()
    {
        var root = _staticDirectory is null ? "" : $"    root {_staticDirectory};\n";
        var directives = _serverDirectives ?? (_staticDirectory is null ? "    location / { return 200 \"nginx\\n\"; }" : "");
        return $$"""
            daemon off;
            master_process on;
            worker_processes {{_workers.ToString(CultureInfo.InvariantCulture)}};
            pid {data}/nginx.pid;
            error_log stderr notice;
            events { worker_connections 256; }
            http {
              access_log {{(_accessLog ? "/dev/stdout" : "off")}};
              client_body_temp_path {data}/client_body_temp;
              proxy_temp_path {data}/proxy_temp;
              fastcgi_temp_path {data}/fastcgi_temp;
              uwsgi_temp_path {data}/uwsgi_temp;
              scgi_temp_path {data}/scgi_temp;
              server {
                listen {host}:{port};
            {{root}}    location = {{ReadinessPath}} { access_log off; return 204; }
            {{directives}}
              }
            }

            """;
    }

    /// <inheritdoc />
    protected override HelperServerBuilder CreateBuilder()
    {
        var program = _program ?? ProgramLocator.Find("nginx", "/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin");
        // -e: the error log nginx opens before it reads the configuration (else /var/log/nginx).
        return new HelperServerBuilder(new Command(program, "-p", "{data}", "-c", "{data}/nginx.conf", "-e", "stderr"))
            .WithName("nginx")
            .WithPort("http")
            .WithPackage(Package)
            .WithConfigFile("nginx.conf", ConfigurationTemplate())
            .WithExistingServerVariable(ExistingServerVariable)
            .UntilHttpRequestIsSucceeded(ReadinessPath);
    }

    /// <inheritdoc />
    protected override NginxServer CreateServer(HelperServerDefinition definition) => new(definition);
}
