using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using ProcessKit.Samples;
using ProcessKit.Testing;

namespace ProcessKit.Benchmarks;

/// <summary>
/// What a fixture costs over the server's own start, per preset: the time from nothing to a server
/// that answers on its port. <b>server alone</b> (the baseline) starts the preset's own command,
/// placeholders filled in, in a data directory and on ports prepared beforehand (for postgres: the
/// cluster already copied), with a plain <see cref="Command.StartAsync"/>, and polls its port every
/// millisecond until it accepts a connection. <b>HelperServer.StartAsync</b> is the whole fixture
/// start of a new server: port claims, a fresh data directory (for postgres: the template's copy and
/// its ownership), config files, a <see cref="ProcessGroup"/>, the log relay, and the preset's
/// readiness (log line and port, or HTTP for nginx). Both are stopped outside the measurement.
/// Under the cgroup job only: the mechanism is not what this compares.
/// </summary>
[InvocationCount(1, 1)]
[WarmupCount(10)]
[IterationCount(20)]
public class FixtureStartBenchmarks
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private HelperServer _prepared = null!;
    private Command _alone = null!;
    private RunningProcess? _aloneProcess;
    private HelperServer? _fixture;

    /// <summary>The presets.</summary>
    public enum Preset
    {
        /// <summary>samples/DemoServer (a .NET program: its own start is mostly the runtime's).</summary>
        Demo,

        /// <summary>redis-server.</summary>
        Redis,

        /// <summary>postgres, from a template cluster.</summary>
        Postgres,

        /// <summary>postgres with its data directories on tmpfs (/dev/shm): the template's copy is what the fixture adds.</summary>
        PostgresOnTmpfs,

        /// <summary>nginx, a master and two workers.</summary>
        Nginx,
    }

    [ParamsAllValues]
    public Preset Server { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Mechanisms.Verify();
        // A stopped server keeps its ports and data directory: the baseline runs its command there.
        _prepared = Build();
        await _prepared.StartAsync();
        await _prepared.StopAsync();
        var command = _prepared.Definition.Command;
        _alone = command.WithArguments(command.Arguments.Select(_prepared.Expand)).WithWorkingDirectory(_prepared.DataDirectory!);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _prepared.DisposeAsync();

    [IterationSetup(Target = nameof(FixtureStart))]
    public void CreateFixture() => _fixture = Build();

    [IterationCleanup]
    public void StopServers()
    {
        // Gracefully, so that postgres needs no crash recovery at the baseline's next start.
        _aloneProcess?.TerminateAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _aloneProcess?.Dispose();
        _aloneProcess = null;
        _fixture?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _fixture = null;
    }

    [Benchmark(Baseline = true, Description = "server alone")]
    [OnlyUnder(Mechanisms.CgroupJob)]
    public async Task ServerAlone()
    {
        _aloneProcess = await _alone.StartAsync();
        var deadline = DateTime.UtcNow + StartLimit;
        while (!await AcceptsAsync(_prepared.Port))
        {
            if (_aloneProcess.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{_alone} did not open port {_prepared.Port}: {ServerLog.Format(_aloneProcess.RecentLines)}");
            }

            await Task.Delay(1);
        }
    }

    [Benchmark(Description = "HelperServer.StartAsync")]
    [OnlyUnder(Mechanisms.CgroupJob)]
    public Task FixtureStart() => _fixture!.StartAsync();

    private HelperServer Build() => Server switch
    {
        Preset.Demo => new DemoServerBuilder().WithProgram(DemoServerProgram()).Build(),
        Preset.Redis => new RedisServerBuilder().Build(),
        Preset.Postgres => new PostgresServerBuilder().Build(),
        Preset.PostgresOnTmpfs => new PostgresServerBuilder().Configure(builder => builder.WithDataDirectoryRoot("/dev/shm")).Build(),
        Preset.Nginx => new NginxServerBuilder().Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(Server), Server, null),
    };

    /// <summary>The demo server built in this repository (BenchmarkDotNet runs from a generated project, so not beside this assembly).</summary>
    private static string DemoServerProgram()
    {
        var repository = AppContext.BaseDirectory;
        while (repository is not null && !File.Exists(Path.Combine(repository, "ProcessKit.Testing.sln")))
        {
            repository = Path.GetDirectoryName(repository);
        }

        var built = repository is null ? null : Directory.GetFiles(Path.Combine(repository, "samples", "DemoServer", "bin"), "DemoServer", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        return built ?? throw new FileNotFoundException("Build samples/DemoServer first (dotnet build samples/DemoServer -c Release).");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
