using Microsoft.Extensions.DependencyInjection;

namespace ProcessKit.Testing.Tests.DependencyInjection;

public sealed class AddProcessKitTests
{
    [Fact]
    public void AddProcessKit_registers_the_real_runner()
    {
        using var provider = new ServiceCollection().AddProcessKit().BuildServiceProvider();

        Assert.Same(ProcessRunner.Default, provider.GetRequiredService<IProcessRunner>());
    }

    [Fact]
    public void A_runner_registered_first_is_kept()
    {
        var group = ProcessGroup.Create();
        using var provider = new ServiceCollection().AddSingleton<IProcessRunner>(group).AddProcessKit().BuildServiceProvider();

        Assert.Same(group, provider.GetRequiredService<IProcessRunner>());
        group.Dispose();
    }

    [Fact]
    public void AddProcessKit_with_a_runner_replaces_the_registration()
    {
        var group = ProcessGroup.Create();
        using var provider = new ServiceCollection().AddProcessKit().AddProcessKit(group).BuildServiceProvider();

        Assert.Same(group, provider.GetRequiredService<IProcessRunner>());
        group.Dispose();
    }

    [Fact]
    public void AddProcessKit_with_a_factory_builds_the_runner_once_from_the_container()
    {
        var scripted = new ScriptedRunner();
        var built = 0;
        using var provider = new ServiceCollection()
            .AddSingleton(scripted)
            .AddProcessKit()
            .AddProcessKit(services =>
            {
                built++;
                return new RecordingRunner(services.GetRequiredService<ScriptedRunner>());
            })
            .BuildServiceProvider();

        var runner = Assert.IsType<RecordingRunner>(provider.GetRequiredService<IProcessRunner>());
        Assert.Same(runner, provider.GetRequiredService<IProcessRunner>());
        Assert.Same(scripted, runner.Inner);
        Assert.Equal(1, built);
    }

    [Fact]
    public void A_factory_that_returns_null_fails_clearly()
    {
        using var provider = new ServiceCollection().AddProcessKit(_ => null!).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IProcessRunner>());
        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddProcessKit((IProcessRunner)null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddProcessKit((Func<IServiceProvider, IProcessRunner>)null!));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddProcessKit());
    }

    [Fact]
    public async Task Code_that_takes_the_runner_from_the_container_runs_the_double()
    {
        var runner = new ScriptedRunner().On("git", "rev-parse", "HEAD").Always(ScriptedReply.Success("abc123\n"));
        using var provider = new ServiceCollection().AddProcessKit().AddProcessKit(runner).AddSingleton<Repository>().BuildServiceProvider();

        Assert.Equal("abc123", await provider.GetRequiredService<Repository>().HeadAsync());
    }

    private sealed class Repository(IProcessRunner runner)
    {
        public Task<string> HeadAsync() => runner.RunAsync(new Command("git", "rev-parse", "HEAD"), TestContext.Current.CancellationToken);
    }
}
