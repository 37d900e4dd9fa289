using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Limits are validated up front, and enforced by the kernel or refused: on this machine the
/// cgroup v2 hierarchy has no memory, pids or cpu controller, so a limited group is refused with
/// <see cref="ResourceLimitException"/> and nothing of it is left behind.
/// </summary>
public sealed class ResourceLimitTests
{
    [Fact]
    public void Limits_need_at_least_one_limit()
    {
        var e = Assert.Throws<ArgumentException>(() => new ResourceLimits());
        Assert.Contains("at least one", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Memory_must_be_positive(long bytes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits(maxMemoryBytes: bytes));
        Assert.Equal("maxMemoryBytes", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Processes_must_be_positive(int processes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits(maxProcesses: processes));
        Assert.Equal("maxProcesses", e.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Cpu_cores_must_be_a_positive_number(double cores)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits(cpuCores: cores));
        Assert.Equal("cpuCores", e.ParamName);
    }

    [Fact]
    public void A_bad_limit_is_reported_even_beside_good_ones()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits(maxMemoryBytes: 1 << 20, maxProcesses: 0, cpuCores: 1));
        Assert.Equal("maxProcesses", e.ParamName);
    }

    [Fact]
    public void Valid_limits_keep_their_values()
    {
        var limits = new ResourceLimits(maxMemoryBytes: 64L << 20, maxProcesses: 10, cpuCores: 0.5);

        Assert.Equal(64L << 20, limits.MaxMemoryBytes);
        Assert.Equal(10, limits.MaxProcesses);
        Assert.Equal(0.5, limits.CpuCores);
        Assert.Null(new ResourceLimits(cpuCores: 2).MaxProcesses);
    }

    [Fact]
    public void A_negative_shutdown_grace_is_refused_when_the_group_is_created()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = TimeSpan.FromMilliseconds(-1) }));
        Assert.Equal(nameof(ProcessGroupOptions.ShutdownGrace), e.ParamName);
    }

    [LinuxFact]
    public async Task Bad_arguments_to_Signal_and_StopAsync_are_refused()
    {
        await using var group = ProcessGroup.Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => group.Signal(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Signal(-9));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => group.StopAsync(TimeSpan.FromSeconds(-1), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Empty(group.Members);
    }

    [Fact]
    public void ResourceLimitException_is_a_NotSupportedException_that_carries_the_limits_and_the_reason()
    {
        var limits = new ResourceLimits(maxMemoryBytes: 1024, maxProcesses: 3);

        NotSupportedException e = new ResourceLimitException(limits, "no controllers here");

        var typed = Assert.IsType<ResourceLimitException>(e);
        Assert.Same(limits, typed.Limits);
        Assert.Equal("no controllers here", typed.Reason);
        Assert.Contains("no controllers here", e.Message, StringComparison.Ordinal);
        Assert.Contains("1024", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 processes", e.Message, StringComparison.Ordinal);
    }
}
