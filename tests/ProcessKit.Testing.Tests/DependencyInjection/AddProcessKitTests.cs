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
}
