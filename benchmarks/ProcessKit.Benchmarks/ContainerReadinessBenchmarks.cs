using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using ProcessKit.Testing;
using ProcessKit.Testing.Testcontainers;

namespace ProcessKit.Benchmarks;

/// <summary>
/// A container's start until its wait strategy says ready, on the same redis container (the local
/// image <c>processkit/redis:local</c> that .ci/docker.sh builds, host networking, a free port):
/// <b>UntilMessageIsLogged</b> (Testcontainers' own, which reads the log about once a second) against
/// <b>UntilReady(ReadinessProbe.Line)</b> (ProcessKit's probe on the followed log). Each iteration also
/// records the time from the engine's timestamp of the ready line to the start returning, printed
/// per method at the end: that is what the two strategies differ in. Needs DOCKER_HOST (and, for
/// Docker 20.10, DOCKER_API_VERSION=1.41); the containment mechanism plays no part.
/// </summary>
[InvocationCount(1, 1)]
[WarmupCount(2)]
[IterationCount(12)]
public class ContainerReadinessBenchmarks
{
    private const string Image = "processkit/redis:local";
    private const string ReadyLine = "Ready to accept connections";

    private static readonly Dictionary<string, List<double>> Latencies = new(StringComparer.Ordinal);

    private PortClaim? _port;
    private IContainer? _container;
    private DateTime _ready;

    [IterationSetup(Target = nameof(UntilMessageIsLogged))]
    public void SetUpTestcontainers() => Prepare(Wait.ForUnixContainer().UntilMessageIsLogged(ReadyLine));

    [IterationSetup(Target = nameof(UntilReadyOnTheFollowedLog))]
    public void SetUpProcessKit() => Prepare(Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(new Regex(ReadyLine))));

    [Benchmark(Baseline = true, Description = "Testcontainers UntilMessageIsLogged")]
    public async Task UntilMessageIsLogged() => await StartAsync();

    [Benchmark(Description = "ProcessKit UntilReady(ReadinessProbe.Line)")]
    public async Task UntilReadyOnTheFollowedLog() => await StartAsync();

    [IterationCleanup(Target = nameof(UntilMessageIsLogged))]
    public void CleanUpTestcontainers() => Record(nameof(UntilMessageIsLogged));

    [IterationCleanup(Target = nameof(UntilReadyOnTheFollowedLog))]
    public void CleanUpProcessKit() => Record(nameof(UntilReadyOnTheFollowedLog));

    [GlobalCleanup]
    public void Report()
    {
        foreach (var (method, values) in Latencies)
        {
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// ready line -> ready, {method}: median {values[values.Count / 2]:0.0} ms, min {values[0]:0.0} ms, max {values[^1]:0.0} ms ({values.Count} starts)"));
        }
    }

    private void Prepare(IWaitForContainerOS wait)
    {
        _port = PortAllocator.Shared.ClaimFreePort("benchmark");
        _container = new ContainerBuilder(Image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCommand("redis-server", "--port", _port.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "")
            .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new()).NetworkMode = "host")
            .WithWaitStrategy(wait)
            .Build();
    }

    private async Task StartAsync()
    {
        await _container!.StartAsync();
        _ready = DateTime.UtcNow;
    }

    /// <summary>The engine's timestamp of the ready line against the moment the start returned; then the container is removed.</summary>
    private void Record(string method)
    {
        var (stdout, _) = _container!.GetLogsAsync(timestampsEnabled: true).GetAwaiter().GetResult();
        var line = stdout.Split('\n').First(l => l.Contains(ReadyLine, StringComparison.Ordinal));
        var logged = DateTime.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        if (!Latencies.TryGetValue(method, out var values))
        {
            Latencies[method] = values = [];
        }

        values.Add((_ready - logged).TotalMilliseconds);
        _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _port!.Dispose();
    }
}
