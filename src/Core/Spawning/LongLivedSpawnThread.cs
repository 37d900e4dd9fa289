using System.Collections.Concurrent;

namespace ProcessKit;

/// <summary>
/// One thread that lives as long as the process and only spawns. The kernel ties a child's
/// parent-death signal to the thread that created it, not to the process: a child spawned from a
/// thread-pool thread would be killed when that thread retires. Children that ask for the signal
/// are spawned here.
/// </summary>
internal static class LongLivedSpawnThread
{
    private static readonly BlockingCollection<Action> Work = [];
    private static readonly Lazy<Thread> Thread = new(() =>
    {
        var thread = new Thread(() =>
        {
            foreach (var action in Work.GetConsumingEnumerable())
            {
                action();
            }
        })
        {
            IsBackground = true,
            Name = "ProcessKit spawner",
        };
        thread.Start();
        return thread;
    });

    /// <summary>Runs <paramref name="spawn"/> on the long-lived thread and returns its result (or rethrows its exception).</summary>
    internal static T Run<T>(Func<T> spawn)
    {
        _ = Thread.Value;
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                result.SetResult(spawn());
            }
#pragma warning disable CA1031 // Handed back to the caller, on its own thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                result.SetException(e);
            }
        });
        return result.Task.GetAwaiter().GetResult();
    }
}
