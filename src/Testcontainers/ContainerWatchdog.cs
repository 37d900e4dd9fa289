using System.Globalization;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// Gives ProcessKit's host watchdog (the process that cleans up after a test host that died, even
/// by SIGKILL) the containers of this host: once, at the first container this package starts or
/// follows, it registers a removal (<c>docker rm -f</c> through the engine's address) of every
/// container labelled with this host's pid (<see cref="ContainerLabels.HostProcessId"/>) or with
/// this host's Testcontainers session (<see cref="ContainerLabels.TestcontainersSession"/>, which
/// covers containers built with Testcontainers' own builders). It needs the <c>docker</c> client
/// on PATH and a unix-socket or plain-TCP engine; without them nothing is registered and Testcontainers' own
/// reaper (Ryuk), where it can run, is what remains.
/// </summary>
internal static class ContainerWatchdog
{
    private static int _registered;

    internal static void EnsureRegistered()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _registered, 1) != 0)
        {
            return;
        }

        if (ProgramPaths.Find("docker") is not { } docker || DockerEngine.Endpoint is not { } endpoint || !endpoint.StartsWith("unix:", StringComparison.Ordinal) && !endpoint.StartsWith("tcp:", StringComparison.Ordinal))
        {
            return;
        }

        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var session = ResourceReaper.DefaultSessionId.ToString("D");
        var client = $"{Quote(docker)} -H {Quote(endpoint)}";
        Watchdog.RegisterCleanup(
            $"ids=$({client} ps -aq --filter {Quote($"label={ContainerLabels.HostProcessId}={pid}")}; {client} ps -aq --filter {Quote($"label={ContainerLabels.TestcontainersSession}={session}")}); "
            + $"[ -n \"$ids\" ] && {client} rm -f $ids");
    }

    /// <summary>One shell word, single-quoted.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
