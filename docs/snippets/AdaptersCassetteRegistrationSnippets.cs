#pragma warning disable CA1707 // Test names in the guide read as sentences, as in the repository's tests.
using Microsoft.Extensions.DependencyInjection;
using ProcessKit.Testing.XunitV3;
using Xunit;
using Assert = Xunit.Assert;
using TestContext = Xunit.TestContext;   // MSTest's TestContext is imported globally in this project.

namespace ProcessKit.Docs.Snippets;

/// <summary>The code under test in the adapter guides' DI example: it takes its runner from the container.</summary>
public sealed class TagReader(IProcessRunner runner)
{
    public Task<string> LastTagAsync(CancellationToken cancellationToken) =>
        runner.RunAsync(new Command("git", "describe", "--tags", "--abbrev=0"), cancellationToken);
}

public sealed class TagReaderTests
{
    [Fact, Cassette]
    public async Task Reads_the_last_tag()
    {
        // AddProcessKit() alone would register ProcessRunner.Default: the real git, past the cassette.
        using var services = new ServiceCollection()
            .AddProcessKit(TestCassette.Current)
            .AddSingleton<TagReader>()
            .BuildServiceProvider();

        var tag = await services.GetRequiredService<TagReader>().LastTagAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("v", tag, StringComparison.Ordinal);
    }
}

/// <summary>
/// For a container many tests share (a host built once): a runner that runs each command through
/// the runner ambient where the call is made, so each test's cassette serves that test's calls.
/// </summary>
public sealed class AmbientProcessRunner : IProcessRunner
{
    public ProcessPlacement? Placement => ProcessRunner.Current.Placement;

    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        ProcessRunner.Current.OutputAsync(command, verb, cancellationToken);

    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        ProcessRunner.Current.OutputBytesAsync(command, cancellationToken);

    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) =>
        ProcessRunner.Current.StartAsync(command, cancellationToken);
}

public static class SharedHostRegistration
{
    public static IServiceCollection AddProcessKitForTests(this IServiceCollection services) =>
        services.AddProcessKit(new AmbientProcessRunner());
}
