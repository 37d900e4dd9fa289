using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing;

/// <summary>
/// Describes a helper server: the command that runs it in the foreground, its ports, files,
/// readiness, logs and teardown. Immutable like <see cref="ProcessKit.Command"/>: every method
/// returns a new builder, so a half-built server can be shared and specialised. <see cref="Build"/>
/// validates the whole and makes a <see cref="HelperServer"/>.
/// </summary>
/// <remarks>
/// The readiness methods carry Testcontainers' names (<c>UntilMessageIsLogged</c>,
/// <c>UntilPortIsAvailable</c>, <c>UntilHttpRequestIsSucceeded</c>, <c>UntilFileExists</c>, ...);
/// each call adds a condition, and the server is ready when all of them hold, under one
/// <see cref="WithStartupTimeout">startup timeout</see>.
/// </remarks>
public sealed partial class HelperServerBuilder
{
    private readonly HelperServerDefinition _definition;

    /// <summary>Starts describing a server run by <paramref name="command"/>.</summary>
    /// <param name="command">
    /// The server's command, which must stay in the foreground (no daemonizing: the fixture watches
    /// its output and its exit). Arguments may hold placeholders. Unless it sets a working
    /// directory, it runs in the server's data directory.
    /// </param>
    public HelperServerBuilder(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _definition = new HelperServerDefinition(DefaultName(command.Program), command);
    }

    private HelperServerBuilder(HelperServerDefinition definition) => _definition = definition;

    /// <summary>Returns a copy named <paramref name="name"/> (log prefixes, directory names, messages). The program's file name by default.</summary>
    /// <exception cref="ArgumentException">The name is empty or has characters other than letters, digits, '-', '_' and '.'.</exception>
    [Pure]
    public HelperServerBuilder WithName(string name)
    {
        ThrowIfInvalidName(name, nameof(name));
        return With(_definition with { Name = name });
    }

    /// <summary>Returns a copy with a port named <paramref name="name"/>, allocated free at start (see <see cref="PortAllocator"/>) and kept across restarts.</summary>
    /// <exception cref="ArgumentException">The name is invalid or already declared.</exception>
    [Pure]
    public HelperServerBuilder WithPort(string name) => AddPort(name, fixedPort: null);

    /// <summary>Returns a copy with a port named <paramref name="name"/> fixed at <paramref name="port"/> (claimed like allocated ones, never retried).</summary>
    /// <exception cref="ArgumentException">The name is invalid or already declared.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    [Pure]
    public HelperServerBuilder WithFixedPort(string name, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 1 to 65535.");
        }

        return AddPort(name, port);
    }

    /// <summary>Returns a copy that sets environment variable <paramref name="name"/> to <paramref name="value"/> (placeholders allowed) in the server.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains '=' or NUL, or the value contains NUL.</exception>
    [Pure]
    public HelperServerBuilder WithEnvironment(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The environment variable name '{name}' contains '=' or NUL.", nameof(name));
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The value of environment variable '{name}' contains NUL.", nameof(value));
        }

        return With(_definition with { Environment = _definition.Environment.Add(new(name, value)) });
    }

    /// <summary>
    /// Returns a copy that writes <paramref name="content"/> (placeholders replaced) to
    /// <paramref name="relativePath"/> in the data directory before every start attempt: a
    /// configuration file that names the allocated ports.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, rooted, or leaves the data directory.</exception>
    [Pure]
    public HelperServerBuilder WithConfigFile(string relativePath, string content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        ArgumentNullException.ThrowIfNull(content);
        if (Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains("..") || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The config file path '{relativePath}' must be relative to the data directory and stay inside it.", nameof(relativePath));
        }

        return With(_definition with { ConfigFiles = _definition.ConfigFiles.Add(new(relativePath, content)) });
    }

    /// <summary>Returns a copy whose data directories are created in <paramref name="directory"/> rather than the system's temporary directory (for example to keep unix socket paths short).</summary>
    /// <exception cref="ArgumentException">The path is empty or contains NUL.</exception>
    [Pure]
    public HelperServerBuilder WithDataDirectoryRoot(string directory)
    {
        ThrowIfInvalidPath(directory, nameof(directory));
        return With(_definition with { DataDirectoryRoot = Path.GetFullPath(directory) });
    }

    /// <summary>Returns a copy that keeps the data directory when a start fails, and reports its path in the exception and the log. Off by default: a failed start leaves nothing.</summary>
    public HelperServerBuilder KeepDataDirectoryOnFailure(bool keep = true) => With(_definition with { KeepDataDirectoryOnFailure = keep });

    /// <summary>
    /// Returns a copy that runs <paramref name="step"/> before every start attempt, after the ports
    /// are allocated, the data directory exists and the config files are written (to seed data,
    /// fix ownership, ...). An exception it throws fails the start, and nothing is left running.
    /// </summary>
    public HelperServerBuilder BeforeStart(Func<ServerStartContext, CancellationToken, Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return With(_definition with { BeforeStartSteps = _definition.BeforeStartSteps.Add(step) });
    }

    /// <summary>Returns a copy whose readiness (every condition, every attempt) must hold within <paramref name="timeout"/>. 30 s by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive, or longer than about 49.7 days (the longest wait a timer takes).</exception>
    [Pure]
    public HelperServerBuilder WithStartupTimeout(TimeSpan timeout)
    {
        TimerLimit.ThrowIfInvalid(timeout, nameof(timeout), "The startup timeout", allowZero: false, allowInfinite: false);
        return With(_definition with { StartupTimeout = timeout });
    }

    /// <summary>Returns a copy whose stop gives the tree <paramref name="grace"/> after SIGTERM before SIGKILL. 5 s by default; zero kills at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The grace is negative, or longer than about 49.7 days (the longest wait a timer takes).</exception>
    [Pure]
    public HelperServerBuilder WithStopGrace(TimeSpan grace)
    {
        TimerLimit.ThrowIfInvalid(grace, nameof(grace), "The stop grace", allowZero: true, allowInfinite: false);
        return With(_definition with { StopGrace = grace });
    }

    /// <summary>
    /// Returns a copy that tries a start up to <paramref name="attempts"/> times, on newly allocated
    /// ports, when the server could not bind an allocated port (its log matched
    /// <see cref="WithAddressInUsePattern">the address-in-use pattern</see>, or it exited and one of
    /// its ports was found taken). 3 by default; fixed ports are never retried.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempts"/> is less than 1.</exception>
    [Pure]
    public HelperServerBuilder WithStartAttempts(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        return With(_definition with { MaxStartAttempts = attempts });
    }

    /// <summary>
    /// Returns a copy that treats a log line matching <paramref name="pattern"/> as "my port is
    /// taken" (the server is stopped and retried on new ports). By default any line saying
    /// "address already in use" (the text of EADDRINUSE, which redis, postgres, nginx and .NET
    /// print); null relies on the server exiting.
    /// </summary>
    [Pure]
    public HelperServerBuilder WithAddressInUsePattern(Regex? pattern) => With(_definition with { AddressInUsePattern = pattern });

    /// <summary>Returns a copy whose log keeps the newest <paramref name="lines"/> lines in memory. 1,000 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is less than 1.</exception>
    [Pure]
    public HelperServerBuilder WithLogCapacity(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        return With(_definition with { LogCapacity = lines });
    }

    /// <summary>Returns a copy that also appends every log line to <paramref name="path"/> (placeholders allowed; relative to the data directory when relative).</summary>
    /// <exception cref="ArgumentException">The path is empty or contains NUL.</exception>
    [Pure]
    public HelperServerBuilder WithLogFile(string path)
    {
        ThrowIfInvalidPath(path, nameof(path));
        return With(_definition with { LogFile = path });
    }

    /// <summary>Returns a copy that relays every log line and the fixture's notes to <paramref name="logger"/> as they come.</summary>
    [Pure]
    public HelperServerBuilder WithLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return With(_definition with { Logger = logger });
    }

    /// <summary>
    /// Returns a copy that relays every log line and the fixture's notes to <paramref name="sink"/>
    /// as they come (formatted <c>[name] text</c>). For a sink that changes per test (a test's
    /// output), use <see cref="ServerLog.AddSink"/> on the running server instead.
    /// </summary>
    [Pure]
    public HelperServerBuilder WithLogSink(Action<string> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return With(_definition with { LogSinks = _definition.LogSinks.Add(sink) });
    }

    /// <summary>
    /// Returns a copy that, when environment variable <paramref name="variable"/> is set (when the
    /// server starts), starts no process and points at the server it names instead: a CI service,
    /// a developer's own instance. The value is an address, <c>host:port</c> or a URL
    /// (<c>redis://host:6379</c>, <c>postgresql://user@host:5432/db</c>, <c>http://host:8080</c>); it
    /// gives the host and the port <paramref name="portName"/> (the first port by default).
    /// Readiness still holds there for the conditions that can be checked from outside (ports,
    /// HTTP, custom conditions); log lines and files are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">The variable name is empty or contains '=' or NUL.</exception>
    [Pure]
    public HelperServerBuilder WithExistingServerVariable(string variable, string? portName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        if (variable.Contains('=', StringComparison.Ordinal) || variable.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The environment variable name '{variable}' contains '=' or NUL.", nameof(variable));
        }

        return With(_definition with { ExistingServerVariable = variable, ExistingServerPort = portName });
    }

    /// <summary>
    /// Returns a copy that names <paramref name="package"/> (a Debian/Ubuntu package name) when the
    /// server's program, or a program a start step runs, is missing: see <see cref="ServerBinaryNotFoundException"/>.
    /// </summary>
    /// <param name="package">The package.</param>
    /// <param name="installHint">How to install it, when it is not <c>apt-get install PACKAGE</c>.</param>
    /// <exception cref="ArgumentException">The package name is empty.</exception>
    [Pure]
    public HelperServerBuilder WithPackage(string package, string? installHint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        return With(_definition with { Package = package, InstallHint = installHint });
    }

    /// <summary>
    /// Returns a copy whose command runs on <paramref name="host"/> (a container, see
    /// <see cref="ServerHost"/>) rather than as a contained child process; null for a process again.
    /// Ports, files, start steps, readiness and the log stay the same.
    /// </summary>
    [Pure]
    public HelperServerBuilder WithHost(ServerHost? host) => With(_definition with { Host = host });

    /// <summary>Returns a copy whose startup timeout is measured on <paramref name="timeProvider"/> (for tests of timeouts without real waiting).</summary>
    [Pure]
    public HelperServerBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return With(_definition with { TimeProvider = timeProvider });
    }

    /// <summary>Validates the description and makes a server (not started: call <see cref="HelperServer.StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">A placeholder, probe or existing-server setting names a port that is not declared.</exception>
    public HelperServer Build() => new(BuildDefinition());

    /// <summary>Validates the description and returns it as an immutable definition.</summary>
    /// <exception cref="ArgumentException">A placeholder, probe or existing-server setting names a port that is not declared.</exception>
    public HelperServerDefinition BuildDefinition()
    {
        var ports = _definition.PortNames;
        foreach (var argument in _definition.Command.Arguments)
        {
            ServerPlaceholders.Validate(argument, ports, $"The argument '{argument}'");
        }

        foreach (var (name, value) in _definition.Environment)
        {
            ServerPlaceholders.Validate(value, ports, $"The environment variable '{name}'");
        }

        foreach (var (path, content) in _definition.ConfigFiles)
        {
            ServerPlaceholders.Validate(path, ports, $"The config file path '{path}'");
            ServerPlaceholders.Validate(content, ports, $"The config file '{path}'");
        }

        if (_definition.LogFile is { } logFile)
        {
            ServerPlaceholders.Validate(logFile, ports, $"The log file '{logFile}'");
        }

        foreach (var step in _definition.Readiness)
        {
            foreach (var template in step.Templates)
            {
                ServerPlaceholders.Validate(template, ports, $"The readiness condition '{step.Summary}'");
            }

            foreach (var port in step.PortNames)
            {
                ThrowIfUndeclared(port, $"The readiness condition '{step.Summary}'");
            }
        }

        if (_definition.ExistingServerVariable is { } variable)
        {
            if (_definition.ExistingServerPort is { } port)
            {
                ThrowIfUndeclared(port, $"The existing-server variable {variable}");
            }
            else if (ports.Count == 0)
            {
                throw new ArgumentException($"The existing-server variable {variable} gives a port, but the server declares none: add one with WithPort(name).");
            }
        }

        return _definition;
    }

    private static string DefaultName(string program)
    {
        var name = Path.GetFileNameWithoutExtension(program);
        var cleaned = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return cleaned.Length == 0 ? "server" : cleaned;
    }

    private static void ThrowIfInvalidName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"The name '{name}' may hold only letters, digits, '-', '_' and '.'.", parameter);
        }
    }

    private static void ThrowIfInvalidPath(string path, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameter);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The path '{path}' contains a NUL character.", parameter);
        }
    }

    private void ThrowIfUndeclared(string port, string where)
    {
        if (!_definition.PortNames.Contains(port, StringComparer.Ordinal))
        {
            var declared = _definition.PortNames.Count == 0 ? "none" : string.Join(", ", _definition.PortNames);
            throw new ArgumentException($"{where} names the port '{port}', which the server does not declare (declared: {declared}).");
        }
    }

    private HelperServerBuilder AddPort(string name, int? fixedPort)
    {
        ThrowIfInvalidName(name, nameof(name));
        if (_definition.PortNames.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The port '{name}' is already declared.", nameof(name));
        }

        return With(_definition with { Ports = _definition.Ports.Add(new PortRequest(name, fixedPort)) });
    }

    private HelperServerBuilder AddReadiness(ReadinessStep step) => With(_definition with { Readiness = _definition.Readiness.Add(step) });

    private static HelperServerBuilder With(HelperServerDefinition definition) => new(definition);
}
