using Integration.MSTest.Infrastructure;
using ProcessKit.Samples;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest;

/// <summary>The servers every test class may share: started once for the assembly, checked gone at its end.</summary>
[TestClass]
public static class AssemblyServers
{
    private static IReadOnlyList<(int Pid, string StartTime)> _demoProcesses = [];

    /// <summary>The repository's demo server (built beside this assembly): needs nothing installed.</summary>
    public static ServerFixture<DemoServer> Demo { get; } = new(() => new DemoServerBuilder().Build());

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        await Demo.StartAsync(context);
        if (Demo.IsStarted)
        {
            _demoProcesses = ProcessTree.Snapshot(Demo.Server.ProcessIds);
        }
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await Demo.DisposeAsync();
        ProcessTree.AssertGone(_demoProcesses);
    }
}
