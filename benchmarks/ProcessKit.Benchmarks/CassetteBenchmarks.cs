using System.Globalization;
using System.IO.Abstractions;
using BenchmarkDotNet.Attributes;
using ProcessKit.Testing;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Loading a cassette of 10,000 interactions (goal: under 50 ms): reading the file, parsing and
/// validating it, and indexing it for replay; and, through the public API, the first command of
/// a replay-only runner, which pays for that load plus one normalisation and match. The cassette
/// is written once in setup (about 5 MB: commands with arguments, a few hundred bytes of output
/// each, some with recorded values), the shape a large suite's cassette has. Nothing spawns, so the
/// containment job makes no difference; one invocation per iteration, as each load is a whole file.
/// Twenty warm-up loads: with fewer, the measured loads still ran the JSON reader's code before the
/// JIT's tier-up (about 120 ms a load, falling to about 22 ms by the twentieth), so the figure was
/// the warm-up's. The first load in a process, JIT included, is a separate figure: run the
/// benchmarks with <c>--cassette-first-load</c>.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
[WarmupCount(20)]
[IterationCount(30)]
public class CassetteBenchmarks
{
    internal const int InteractionCount = 10_000;
    private static readonly string[] Programs = ["git", "docker", "dotnet", "npm", "kubectl", "terraform", "make", "cargo", "go", "python3"];

    private readonly IFileSystem _fileSystem = new FileSystem();
    private string _directory = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("processkit-cassette-bench-").FullName;
        _path = Path.Combine(_directory, "large.json");
        WriteLargeCassette(_path);
    }

    /// <summary>Writes the benchmark's cassette of <see cref="InteractionCount"/> interactions to <paramref name="path"/>.</summary>
    internal static void WriteLargeCassette(string path)
    {
        var interactions = new List<CassetteInteraction>(InteractionCount);
        for (var i = 0; i < InteractionCount; i++)
        {
            var number = i.ToString(CultureInfo.InvariantCulture);
            interactions.Add(new CassetteInteraction
            {
                Verb = InteractionVerbs.Output,
                Program = Programs[i % Programs.Length],
                Arguments = ["log", "--format=%H %aI %s", "-n", number, "--", "{{cwd}}/src/file" + number + ".cs"],
                WorkingDirectory = "{{temp}}/repo",
                EnvironmentNames = ["GIT_DIR", "PROCESSKIT_TEST_MARKER"],
                StandardInput = StandardInputValues.None,
                ExitCode = i % 17 == 0 ? 1 : 0,
                TimedOut = false,
                DurationMs = 12.345 + (i % 100),
                RecordedAt = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
                StandardOutput = $"9fceb02d0ae598e95dc970b74767f19372d61af{i % 10} {{{{date:1}}}} commit number {number} touching {{{{cwd}}}}/src/file{number}.cs\n" +
                                 $"e83c5163316f89bfbde7d9ab23ca2e25604af29{i % 10} {{{{date:2}}}} the commit before it, with a longer subject line to read\n",
                StandardError = i % 17 == 0 ? "fatal: bad revision\n" : "",
                Values = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["date:1"] = "2026-11-21T10:00:00+00:00",
                    ["date:2"] = "2026-11-20T09:30:00+00:00",
                },
            });
        }

        File.WriteAllBytes(path, CassetteSerializer.Serialize(new CassetteDocument { Version = CassetteDocument.CurrentVersion, Interactions = interactions }));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "load 10,000 interactions (read, parse, validate, index)")]
    public int Load() => Load(_fileSystem, _path);

    /// <summary>One load: the file read, parsed, validated and indexed for replay; the number of interactions.</summary>
    internal static int Load(IFileSystem fileSystem, string path)
    {
        var document = new CassetteStore(fileSystem, path).LoadAsync(CancellationToken.None).GetAwaiter().GetResult()!;
        return new Tape(document.Interactions, new CassetteOptions()).Count;
    }

    [Benchmark(Description = "replay-only runner: first command (load + match)")]
    public string FirstReplay()
    {
        // The last interaction: python3 (9,999 % 10), its file under this process's working directory.
        using var runner = new RecordReplayRunner(_directory, "large", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        return runner.Run(new Command("python3", "log", "--format=%H %aI %s", "-n", "9999", "--", Path.Combine(Directory.GetCurrentDirectory(), "src", "file9999.cs")));
    }
}
