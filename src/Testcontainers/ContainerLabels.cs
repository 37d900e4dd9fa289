using System.Globalization;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// The labels ProcessKit puts on the containers it starts, beside Testcontainers' own
/// (<c>org.testcontainers.session-id</c>): which test host started a container, so that what a
/// dead host left can be found and removed (the host watchdog; <c>processkit run --fail-on-leak</c>).
/// </summary>
public static class ContainerLabels
{
    /// <summary>The label that marks a container started through ProcessKit: <c>dev.processkit</c> = <c>true</c>.</summary>
    public const string ProcessKit = "dev.processkit";

    /// <summary>The label with the process id of the test host that started the container: <c>dev.processkit.host-pid</c>.</summary>
    public const string HostProcessId = "dev.processkit.host-pid";

    /// <summary>The label with the start time of that host (its <c>/proc/PID/stat</c> start ticks), so a reused pid is not mistaken for it: <c>dev.processkit.host-start</c>.</summary>
    public const string HostStart = "dev.processkit.host-start";

    /// <summary>The label with the helper server's name: <c>dev.processkit.server</c>.</summary>
    public const string Server = "dev.processkit.server";

    /// <summary>
    /// The label with the identity of the <c>processkit run</c> this host runs under (the value of
    /// <see cref="RunVariable"/>), set only under one: <c>dev.processkit.run</c>. By it,
    /// <c>processkit run --fail-on-leak</c> finds the containers the run left running.
    /// </summary>
    public const string Run = "dev.processkit.run";

    /// <summary>The environment variable through which <c>processkit run</c> gives its identity to the program it runs: <c>PROCESSKIT_RUN_ID</c>.</summary>
    public const string RunVariable = "PROCESSKIT_RUN_ID";

    /// <summary>Testcontainers' session label, which marks every container one test host made through Testcontainers.</summary>
    public const string TestcontainersSession = "org.testcontainers.session-id";

    /// <summary>The labels for a container this process starts for <paramref name="serverName"/>.</summary>
    internal static Dictionary<string, string> ForThisHost(string serverName)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProcessKit] = "true",
            [HostProcessId] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            [HostStart] = HostProcess.StartTicks(Environment.ProcessId)?.ToString(CultureInfo.InvariantCulture) ?? "",
            [Server] = serverName,
        };
        if (Environment.GetEnvironmentVariable(RunVariable) is { Length: > 0 } run)
        {
            labels[Run] = run;
        }

        return labels;
    }
}
