using System.Diagnostics;
using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace MSTest.Sample;

/// <summary>The servers the whole assembly shares: started once, side by side, and checked gone at the end.</summary>
[TestClass]
public static class SampleServers
{
    private static readonly List<(int Id, DateTime StartTime)> Started = [];

    public static ServerFixture<RedisServer> Redis { get; } = new(() => new RedisServerBuilder().Build());

    public static ServerFixture<DemoServer> Demo { get; } = new(() => new DemoServerBuilder().Build());

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        await Task.WhenAll(Redis.StartAsync(context), Demo.StartAsync(context));
        foreach (var id in (Redis.IsStarted ? Redis.Server.ProcessIds : []).Concat(Demo.IsStarted ? Demo.Server.ProcessIds : []))
        {
            Started.Add((id, Process.GetProcessById(id).StartTime));
        }
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await Redis.DisposeAsync();
        await Demo.DisposeAsync();

        // Nothing the sample started may outlive it.
        var alive = Started.Where(started => IsRunning(started.Id, started.StartTime)).Select(started => started.Id).ToList();
        Assert.IsEmpty(alive, $"still running after the servers were stopped: {string.Join(", ", alive)}");
    }

    private static bool IsRunning(int id, DateTime startTime)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited && process.StartTime == startTime;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
