using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing;

/// <summary>
/// Everything a <see cref="HelperServer"/> is made from, validated and immutable: the command,
/// its ports, readiness, data directory, logs and teardown. Made by <see cref="HelperServerBuilder"/>;
/// one definition can make any number of servers (<see cref="HelperServer(HelperServerDefinition)"/>).
/// </summary>
public sealed record HelperServerDefinition
{
    /// <summary>The default startup timeout: 30 seconds.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default stop grace: 5 seconds between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(5);

    internal HelperServerDefinition(string name, Command command)
    {
        Name = name;
        Command = command;
    }

    /// <summary>The server's name: log prefixes, data directory names, error messages.</summary>
    public string Name { get; internal init; }

    /// <summary>The command that runs the server in the foreground; its arguments may hold placeholders (<c>{port}</c>, <c>{port:NAME}</c>, <c>{host}</c>, <c>{data}</c>).</summary>
    public Command Command { get; internal init; }

    /// <summary>The names of the server's ports, in declaration order; the first is <c>{port}</c> and <see cref="HelperServer.Port"/>.</summary>
    public IReadOnlyList<string> PortNames => [.. Ports.Select(port => port.Name)];

    /// <summary>One timeout for all of readiness (and across start attempts).</summary>
    public TimeSpan StartupTimeout { get; internal init; } = DefaultStartupTimeout;

    /// <summary>At stop, how long the server's tree gets after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopGrace { get; internal init; } = DefaultStopGrace;

    /// <summary>How many times a start is tried on fresh ports when allocated ports turn out to be taken (1: no retry).</summary>
    public int MaxStartAttempts { get; internal init; } = 3;

    /// <summary>A log line that means "my port is taken", so the start is retried on new ports; null to rely on exits alone.</summary>
    public Regex? AddressInUsePattern { get; internal init; } = DefaultAddressInUse;

    /// <summary>Whether a failed start keeps the data directory (its path is in the exception and the log).</summary>
    public bool KeepDataDirectoryOnFailure { get; internal init; }

    /// <summary>The directory in which data directories are created; the system's temporary directory when null.</summary>
    public string? DataDirectoryRoot { get; internal init; }

    /// <summary>The environment variable that points the fixture at a running server instead, or null.</summary>
    public string? ExistingServerVariable { get; internal init; }

    /// <summary>The port the existing server's address gives (a name from <see cref="PortNames"/>); the first port when null.</summary>
    public string? ExistingServerPort { get; internal init; }

    /// <summary>The package that provides the server's programs, named when one is missing.</summary>
    public string? Package { get; internal init; }

    /// <summary>How to install <see cref="Package"/>, when <c>apt-get install PACKAGE</c> is not it.</summary>
    public string? InstallHint { get; internal init; }

    /// <summary>How many log lines the ring buffer keeps.</summary>
    public int LogCapacity { get; internal init; } = 1000;

    /// <summary>A file every log line is appended to (placeholders allowed), or null.</summary>
    public string? LogFile { get; internal init; }

    /// <summary>Where the server's command runs: null for a contained child process (the default), else the host (a container, ...).</summary>
    public ServerHost? Host { get; internal init; }

    /// <summary>Descriptions of what readiness waits for, before ports are known.</summary>
    public IReadOnlyList<string> ReadinessSummary => [.. Readiness.Select(step => step.Summary)];

    internal static Regex DefaultAddressInUse { get; } = new("address already in use|EADDRINUSE", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    internal ImmutableArray<PortRequest> Ports { get; init; } = [];

    internal ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];

    internal ImmutableArray<KeyValuePair<string, string>> ConfigFiles { get; init; } = [];

    internal ImmutableArray<ReadinessStep> Readiness { get; init; } = [];

    internal ImmutableArray<Func<ServerStartContext, CancellationToken, Task>> BeforeStartSteps { get; init; } = [];

    internal ImmutableArray<Action<string>> LogSinks { get; init; } = [];

    internal ILogger? Logger { get; init; }

    internal TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Command}";
}

/// <summary>One port of a server: allocated free at start, or fixed.</summary>
/// <param name="Name">The port's name (<c>{port:NAME}</c>).</param>
/// <param name="FixedPort">The fixed port, or null to allocate a free one.</param>
internal sealed record PortRequest(string Name, int? FixedPort);

/// <summary>One thing readiness waits for, made into a probe once ports and directories are known.</summary>
/// <param name="Summary">What it waits for, in words, before start.</param>
/// <param name="Create">Makes the probe for a started server; null when it does not apply (a log line of an existing server).</param>
/// <param name="Templates">The texts with placeholders it uses, checked at build.</param>
/// <param name="PortNames">The ports it names, checked at build.</param>
internal sealed record ReadinessStep(string Summary, Func<HelperServer, ReadinessProbe?> Create, ImmutableArray<string> Templates, ImmutableArray<string> PortNames);
