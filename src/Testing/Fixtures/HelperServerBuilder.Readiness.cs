using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing;

/// <summary>
/// Readiness, in Testcontainers' words: each <c>Until...</c> call adds a condition, and the server
/// is ready when all of them hold. The conditions become <see cref="ReadinessProbe"/>s at start,
/// once the ports and the data directory are known. For an existing server, the conditions that
/// can be checked from outside (ports, HTTP, commands, custom conditions) still apply; log lines,
/// files and unix sockets are skipped.
/// </summary>
public sealed partial class HelperServerBuilder
{
    /// <summary>Returns a copy that waits for a log line (either stream) matching the regular expression <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or not a valid regular expression.</exception>
    public HelperServerBuilder UntilMessageIsLogged(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return UntilMessageIsLogged(new Regex(pattern, RegexOptions.CultureInvariant));
    }

    /// <summary>Returns a copy that waits for a log line matching <paramref name="pattern"/>, on <paramref name="source"/> only when given.</summary>
    public HelperServerBuilder UntilMessageIsLogged(Regex pattern, OutputSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var where = source switch
        {
            OutputSource.StandardOutput => " on stdout",
            OutputSource.StandardError => " on stderr",
            _ => "",
        };
        return AddReadiness(new ReadinessStep($"a log line matching /{pattern}/{where}", server => server.IsExistingServer ? null : ReadinessProbe.Line(pattern, source), [], []));
    }

    /// <summary>Returns a copy that waits until the first port accepts TCP connections (Testcontainers: <c>UntilInternalTcpPortIsAvailable</c>).</summary>
    public HelperServerBuilder UntilPortIsAvailable() =>
        AddReadiness(new ReadinessStep("the first port accepts connections", server => ReadinessProbe.TcpPort(server.Port, server.Host), ["{port}"], []));

    /// <summary>Returns a copy that waits until the port named <paramref name="portName"/> accepts TCP connections.</summary>
    /// <exception cref="ArgumentException">The name is empty (an undeclared name fails <see cref="Build"/>).</exception>
    public HelperServerBuilder UntilPortIsAvailable(string portName)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        return AddReadiness(new ReadinessStep(
            $"port '{portName}' accepts connections",
            server => server.Ports.TryGetValue(portName, out var port) ? ReadinessProbe.TcpPort(port, server.Host) : null,
            [],
            [portName]));
    }

    /// <summary>Returns a copy that waits until TCP port <paramref name="port"/> on 127.0.0.1 accepts connections (a port the server chooses itself; skipped for an existing server).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    public HelperServerBuilder UntilPortIsAvailable(int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 1 to 65535.");
        }

        return AddReadiness(new ReadinessStep(
            $"port {port.ToString(CultureInfo.InvariantCulture)} accepts connections",
            server => server.IsExistingServer ? null : ReadinessProbe.TcpPort(port, HelperServer.LoopbackHost),
            [],
            []));
    }

    /// <summary>
    /// Returns a copy that waits until an HTTP GET of <paramref name="path"/> on the server answers
    /// with a status <paramref name="isReady"/> accepts (by default a success status). The request
    /// goes to the first port, or to <paramref name="portName"/>; over https when an existing
    /// server's address says so.
    /// </summary>
    /// <param name="path">The path and query, starting with '/'; placeholders allowed.</param>
    /// <param name="isReady">Which statuses mean ready; null for the probe's default (a success status).</param>
    /// <param name="portName">The port to ask; the first port when null.</param>
    /// <exception cref="ArgumentException">The path does not start with '/'.</exception>
    public HelperServerBuilder UntilHttpRequestIsSucceeded(string path = "/", Func<HttpStatusCode, bool>? isReady = null, string? portName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The HTTP path '{path}' must start with '/'.", nameof(path));
        }

        return AddReadiness(new ReadinessStep(
            $"GET {path} answers{(portName is null ? "" : $" on port '{portName}'")}",
            server => HttpProbe(server, path, isReady, portName),
            [path, .. portName is null ? (string[])["{port}"] : []],
            portName is null ? [] : [portName]));
    }

    /// <summary>Returns a copy that waits until the file <paramref name="path"/> exists (placeholders allowed; relative to the data directory).</summary>
    /// <exception cref="ArgumentException">The path is empty or contains NUL.</exception>
    public HelperServerBuilder UntilFileExists(string path)
    {
        ThrowIfInvalidPath(path, nameof(path));
        return AddReadiness(new ReadinessStep(
            $"file {path} exists",
            server => server.IsExistingServer ? null : ReadinessProbe.FileExists(Path.GetFullPath(server.Expand(path), server.DataDirectory!)),
            [path],
            []));
    }

    /// <summary>Returns a copy that waits until the unix socket <paramref name="path"/> accepts connections (placeholders allowed; relative to the data directory).</summary>
    /// <exception cref="ArgumentException">The path is empty or contains NUL.</exception>
    public HelperServerBuilder UntilUnixSocketIsAvailable(string path)
    {
        ThrowIfInvalidPath(path, nameof(path));
        return AddReadiness(new ReadinessStep(
            $"unix socket {path} accepts connections",
            server => server.IsExistingServer ? null : ReadinessProbe.UnixSocket(Path.GetFullPath(server.Expand(path), server.DataDirectory!)),
            [path],
            []));
    }

    /// <summary>
    /// Returns a copy that waits until the command <paramref name="command"/> makes for the server
    /// exits with a success code, run again and again (a client's ping: <c>pg_isready</c>,
    /// <c>redis-cli ping</c>). Each run is contained like any command, and runs for real unless the
    /// command has its own runner (an ambient test double is left to the code under test).
    /// </summary>
    public HelperServerBuilder UntilCommandIsCompleted(Func<HelperServer, Command> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return AddReadiness(new ReadinessStep("a command succeeds", server =>
        {
            var check = command(server);
            // The command's own runner if it has one, else the real one: an ambient test double is for the code under test.
            var runner = check.Runner ?? ProcessRunner.Default;
            return ReadinessProbe.Condition($"`{check}` succeeds", async cancellationToken =>
                (await runner.OutputAsync(check, cancellationToken).ConfigureAwait(false)).IsSuccess);
        }, [], []));
    }

    /// <summary>Returns a copy that waits until <paramref name="isReady"/> answers true for the server (asked again and again).</summary>
    /// <param name="description">What it waits for, for messages ("the schema is loaded").</param>
    /// <param name="isReady">The condition; an exception it throws fails the start.</param>
    /// <exception cref="ArgumentException">The description is empty.</exception>
    public HelperServerBuilder Until(string description, Func<HelperServer, CancellationToken, Task<bool>> isReady)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(isReady);
        return AddReadiness(new ReadinessStep(description, server => ReadinessProbe.Condition(description, cancellationToken => isReady(server, cancellationToken)), [], []));
    }

    /// <summary>
    /// Returns a copy that waits for the probe <paramref name="probe"/> makes for the started server:
    /// any combination (<see cref="ReadinessProbe.Any"/>, <see cref="ReadinessProbe.All"/>) of any
    /// probes, made once the ports are known. Return null when nothing applies (for example
    /// <c>server.IsExistingServer</c> and a log line).
    /// </summary>
    public HelperServerBuilder Until(Func<HelperServer, ReadinessProbe?> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return AddReadiness(new ReadinessStep("a custom probe", probe, [], []));
    }

    private static ReadinessProbe? HttpProbe(HelperServer server, string path, Func<HttpStatusCode, bool>? isReady, string? portName)
    {
        int port;
        if (portName is null)
        {
            port = server.Port;
        }
        else if (!server.Ports.TryGetValue(portName, out port))
        {
            return null;
        }

        var scheme = server.ExistingServerAddress?.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        var host = server.Host.Contains(':', StringComparison.Ordinal) ? $"[{server.Host}]" : server.Host;
        var url = new Uri($"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}{server.Expand(path)}");
        return ReadinessProbe.Http(url, isReady);
    }
}
