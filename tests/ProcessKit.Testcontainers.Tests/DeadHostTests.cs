using System.Diagnostics;
using System.Globalization;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>
/// A test host that started containers and dies by SIGKILL leaves none running: ProcessKit's host
/// watchdog removes them. The host is this test assembly itself, run for one test
/// (<see cref="Host_starts_a_container_and_waits_to_be_killed"/>) that only acts under <see cref="HostVariable"/>.
/// </summary>
public sealed class DeadHostTests
{
    private const string HostVariable = "PROCESSKIT_TEST_CONTAINER_HOST";
    private const string ReadyMarker = "container host ready";

    [Fact]
    public async Task A_host_killed_by_SIGKILL_leaves_no_container_behind()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        if (!File.Exists("/usr/bin/docker") && !File.Exists("/usr/local/bin/docker"))
        {
            Assert.Skip("the docker client is not installed: the host watchdog removes containers through it");
        }

        // Not a ProcessKit command: its container would stop what the host left (its watchdog
        // included) as soon as the host dies, which is the very thing under test here.
        var start = new ProcessStartInfo("dotnet", [typeof(DeadHostTests).Assembly.Location, "-method", $"{typeof(DeadHostTests).FullName}.{nameof(Host_starts_a_container_and_waits_to_be_killed)}"])
        {
            RedirectStandardOutput = true,
            Environment = { [HostVariable] = "1" },
        };
        using var host = Process.Start(start)!;
        var pid = host.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            while (await host.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line && !line.Contains(ReadyMarker, StringComparison.Ordinal))
            {
            }

            Assert.Contains(await DockerEngineFacts.ContainersAsync(ContainerLabels.HostProcessId, pid), c => c.State == "running");
            var watchdogs = Children(host.Id);
            Assert.NotEmpty(watchdogs);

            host.Kill(entireProcessTree: false);
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);

            await ReadinessProbe.Condition("the host's containers to be removed and its watchdog to exit", async _ =>
                    (await DockerEngineFacts.ContainersAsync(ContainerLabels.HostProcessId, pid)).Count == 0 && watchdogs.All(w => !Directory.Exists($"/proc/{w}")))
                .WithPollInterval(TimeSpan.FromMilliseconds(200))
                .WaitUntilReadyAsync(null, TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Empty(await DockerEngineFacts.ContainersAsync(ContainerLabels.HostProcessId, pid));
        }
        finally
        {
            host.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The live children of <paramref name="parent"/> (the host's watchdog, here).</summary>
    private static List<int> Children(int parent) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Stat: TryRead($"/proc/{name}/stat")))
            .Where(p => p.Stat is { } stat && int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture) == parent)
            .Select(p => p.Pid),
    ];

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Host_starts_a_container_and_waits_to_be_killed()
    {
        if (Environment.GetEnvironmentVariable(HostVariable) != "1")
        {
            return; // Only the host run of the test above acts.
        }

        var server = new HelperServerBuilder(new Command("redis-server", "--port", "{port}", "--bind", "{host}", "--save", ""))
            .WithPort("redis")
            .UntilMessageIsLogged("Ready to accept connections")
            .WithContainer(DockerEngineFacts.RedisImage, ServerHostChoice.Container)
            .Build();
        await server.StartAsync(TestContext.Current.CancellationToken);
        await Console.Out.WriteLineAsync(ReadyMarker);
        await Console.Out.FlushAsync(TestContext.Current.CancellationToken);
        await Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken);
    }
}
