using System.Collections.Concurrent;
using System.Diagnostics;
using ProcessKit.Testing;

namespace XunitV3.Sample;

/// <summary>
/// The sample's last check. The fixtures report their servers' processes here; xunit disposes this
/// assembly fixture after every class and collection fixture, so by then each of those processes
/// must be gone. One still running fails the run.
/// </summary>
public sealed class NothingLeftRunning : IAsyncDisposable
{
    private static readonly ConcurrentBag<Process> Started = [];

    public static ValueTask Track(HelperServer server)
    {
        foreach (var pid in server.ProcessIds)
        {
            Started.Add(Process.GetProcessById(pid));
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // A killed process is gone a moment after its server's DisposeAsync returns: give it a few seconds.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var alive = Alive();
        while (alive.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            alive = Alive();
        }

        if (alive.Count > 0)
        {
            throw new InvalidOperationException($"Still running after the tests: {string.Join(", ", alive)}");
        }
    }

    private static List<string> Alive() =>
        [.. Started.Where(process => !process.HasExited).Select(process => $"{process.ProcessName} (pid {process.Id})")];
}
