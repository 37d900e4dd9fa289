using BenchmarkDotNet.Attributes;
using ProcessKit.Testing.Isolation;
using ProcessKit.Testing.Isolation.Calls;

namespace ProcessKit.Benchmarks;

/// <summary>
/// A cold isolated invocation (<see cref="Isolated.RunAsync{T}(Func{T}, IsolationOptions?, CancellationToken)"/>
/// of a trivial function: a fresh child in its own container, the channel, the call, its exit and the
/// teardown) against the floor under it measured in the same run: <c>dotnet exec</c> of a program
/// that does nothing, with the same runtimeconfig and deps (the isolation host started with no
/// arguments: it prints its usage line and exits), through ProcessKit's own runner.
/// </summary>
[InvocationCount(1, 1)]
[WarmupCount(2)]
[IterationCount(15)]
public class ColdIsolationBenchmarks
{
    private Command _emptyProgram = null!;

    [GlobalSetup]
    public void Setup()
    {
        var files = HostFiles.For(typeof(ColdIsolationBenchmarks).Assembly);
        _emptyProgram = new Command(files.Dotnet, "exec", "--runtimeconfig", files.RuntimeConfig, "--depsfile", files.DepsFile, files.HostAssembly);
    }

    [Benchmark(Baseline = true, Description = "dotnet exec of a program that does nothing")]
    public Task<int> DotnetExec() => _emptyProgram.ExitCodeAsync();

    [Benchmark(Description = "cold isolated invocation")]
    public async Task<int> ColdInvocation() => (await Isolated.RunAsync(Trivial.Zero)).Value;
}
