using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Every spawn wakes the epoll loop once from the spawning thread (<see cref="EpollLoop.WakeFromSpawner"/>),
/// through a pipe of the loop's own: the wake-ups are no event of any run, never hold up the
/// spawner, and leave the loop serving every child.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LoopWakeUpTests : SpawningTest
{
    [LinuxFact]
    public async Task More_wake_ups_than_the_pipe_holds_never_block_and_the_loop_keeps_serving()
    {
        var loop = EpollLoop.Shared;
        Assert.SkipWhen(loop is null, "the epoll loop is off (PROCESSKIT_IO=portable)");
        await using var running = await Track(new Command("/bin/sh", "-c", "echo up; read line; echo \"got $line\"").KeepStandardInputOpen()).StartAsync(Token);
        await running.WaitUntilReadyAsync(ReadinessProbe.Line(line => line == "up", "the line up"), ProcessAssert.WaitLimit, Token);

        // A pipe holds 64 KiB: four times as many one-byte wake-ups, from two threads at once.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 128 * 1024; i++)
            {
                loop!.WakeFromSpawner();
            }
        }, Token)));

        await running.StandardInput.WriteLineAsync("more", Token);
        await running.StandardInput.CloseAsync();
        var result = await running.Exited.WaitAsync(ProcessAssert.WaitLimit, Token);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["up", "got more"], running.RecentLines.Select(line => line.Text));
        Assert.Equal("up\ngot more", await Track(new Command("/bin/sh", "-c", "echo up; echo got more")).RunAsync(Token));
    }
}
