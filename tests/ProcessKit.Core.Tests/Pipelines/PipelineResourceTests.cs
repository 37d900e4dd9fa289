using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Groups;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// Many pipelines, ending every way a pipeline can: afterwards this process holds no pipe end, no
/// zombie child and no container of theirs. Counts this process's own resources, so it runs alone.
/// </summary>
[Collection(nameof(ResourceAccountingTests))]
public sealed class PipelineResourceTests : SpawningTest
{
    /// <summary>Descriptors the runtime may open lazily on its own (thread pool, timers, the reaper's epoll...).</summary>
    private const int DescriptorTolerance = 8;

    [LinuxFact]
    public async Task Pipelines_that_succeed_fail_time_out_or_cannot_start_leave_nothing_behind()
    {
        Assert.Equal("x", await (Helper("out", "x") | Helper("echo-stdin")).RunAsync(Token)); // what is created once is in the baseline
        var script = TempPath("broken.sh");
        await File.WriteAllTextAsync(script, "#!/no/such/interpreter\n", Token);
        SetFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var descriptorsBefore = ProcessAssert.OpenFileDescriptors();

        var finished = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => (Helper("out-lines", "1000") | Helper("echo-stdin") | Helper("count-stdin")).OutputAsync(Token)));
        var failed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => (Helper("err", "no", "exit", "2") | Helper("echo-stdin")).OutputAsync(Token)));
        var timedOut = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => (Helper("hang") | Helper("hang")).WithTimeout(TimeSpan.FromMilliseconds(300)).OutputAsync(Token)))
            .WaitAsync(ProcessAssert.WaitLimit, Token);
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<ProcessSpawnException>(() => (Helper("hang") | Helper("hang") | Track(new Command(script))).OutputAsync(Token));
        }

        Assert.All(finished, result => Assert.Equal("8893\n", result.StandardOutput));
        Assert.All(failed, result => Assert.Equal(2, result.ExitCode));
        Assert.All(timedOut, result => Assert.True(result.TimedOut));
        Assert.Empty(ProcessAssert.OurZombies());
        Assert.Empty(CgroupProbe.OurGroupDirectories());
        await AssertDescriptorsReturnToAsync(descriptorsBefore);
    }

    /// <summary>Descriptors are also closed by finalizers: collect garbage and retry before counting a difference as a leak.</summary>
    private static async Task AssertDescriptorsReturnToAsync(int before)
    {
        var now = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            now = ProcessAssert.OpenFileDescriptors();
            if (now <= before + DescriptorTolerance)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
        }

        Assert.Fail($"{now - before} file descriptors leaked ({before} before, {now} after)");
    }
}
