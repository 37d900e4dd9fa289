using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Infrastructure;

/// <summary>
/// Runs a server fixture within one test, as xunit runs it around a class (initialize, use,
/// dispose), and then checks that no process of the server's tree is still running: the check a
/// fixture that xunit disposes after the class cannot get. A server whose program is missing
/// skips the test (reading <see cref="ServerFixture{TServer}.Server"/> does it).
/// </summary>
internal static class FixtureLifetime
{
    public static async Task UseAsync<TServer>(ServerFixture<TServer> fixture, Func<TServer, Task> use)
        where TServer : HelperServer
    {
        await fixture.InitializeAsync();
        var seen = new HashSet<ProcessIdentity>();
        try
        {
            var server = fixture.Server;
            Remember(seen, server);
            await use(server);
            Remember(seen, server);
        }
        finally
        {
            await fixture.DisposeAsync();
        }

        Assert.NotEmpty(seen);
        Assert.All(seen, ProcessAssert.Gone);
    }

    private static void Remember(HashSet<ProcessIdentity> seen, HelperServer server)
    {
        // A member may end between the listing and the read (a postgres backend): only the living count.
        foreach (var pid in server.ProcessIds)
        {
            if (ProcStat.Read(pid) is { IsRunning: true } stat)
            {
                seen.Add(new ProcessIdentity(pid, stat.StartTime));
            }
        }
    }
}
