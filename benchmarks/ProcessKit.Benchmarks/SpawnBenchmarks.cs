using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Spawn a child and capture its standard output, three ways: raw <c>posix_spawn</c> (the
/// baseline), <see cref="Process"/>, and ProcessKit's <see cref="Command"/> (async and sync verbs).
/// Every way runs the same absolute path, resolved once in setup, and reads the output to its end.
/// Runs under both containment jobs (see <see cref="Mechanisms"/>): every <see cref="Command"/> run
/// lands in a container of its own, so the mechanism is part of what it costs; the raw baseline and
/// <see cref="Process"/> do not depend on it, and are measured again in each job's process so that
/// each job's ratios compare runs taken side by side.
/// </summary>
[MemoryDiagnoser]
public class SpawnBenchmarks
{
    private const int OneMiB = 1024 * 1024;

    private RawPosixSpawn _raw = null!;
    private ProcessStartInfo _startInfo = null!;
    private Command _command = null!;
    private int _expectedLength;

    /// <summary>What the child writes on standard output.</summary>
    public enum ChildOutput
    {
        /// <summary><c>/bin/true</c>: nothing; the cost of a spawn.</summary>
        None,

        /// <summary><c>head -c 1048576 /dev/zero</c>: 1 MiB; the cost of draining a pipe.</summary>
        OneMiB,
    }

    [ParamsAllValues]
    public ChildOutput Output { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Mechanisms.Verify();
        string[] argv = Output == ChildOutput.None
            ? ["/bin/true"]
            : [FindOnPath("head"), "-c", OneMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"];
        _expectedLength = Output == ChildOutput.None ? 0 : OneMiB;

        _raw = new RawPosixSpawn(argv);
        _startInfo = new ProcessStartInfo(argv[0], argv[1..])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        _command = new Command(argv[0], argv[1..]);
    }

    [Benchmark(Baseline = true, Description = "raw posix_spawn")]
    public long RawPosixSpawn() => Expect(_raw.Run());

    [Benchmark(Description = "Process")]
    public long DiagnosticsProcess()
    {
        using var process = Process.Start(_startInfo)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return Expect(text.Length);
    }

    [Benchmark(Description = "Command.OutputAsync")]
    public async Task<long> CommandOutputAsync()
    {
        var result = await _command.OutputAsync();
        return Expect(result.StandardOutput.Length);
    }

    [Benchmark(Description = "Command.Output")]
    public long CommandOutput() => Expect(_command.Output().StandardOutput.Length);

    private long Expect(long length) =>
        length == _expectedLength
            ? length
            : throw new InvalidOperationException($"Read {length} bytes of output, expected {_expectedLength}.");

    /// <summary>The first <paramref name="program"/> on this process's PATH.</summary>
    internal static string FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"{program} is not on PATH.", program);
}
