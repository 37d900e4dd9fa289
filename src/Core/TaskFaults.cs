namespace ProcessKit;

/// <summary>
/// Keeps the faults of tasks that nobody is left to await from going unobserved. A faulted task
/// that is collected unobserved raises <see cref="TaskScheduler.UnobservedTaskException"/> on the
/// finalizer thread, which fails a test host that checks for it: nothing the library creates may
/// end that way, whether or not the caller looks at it. Observing a fault does not hide it from
/// anyone who awaits the task: they still get the exception.
/// </summary>
internal static class TaskFaults
{
    /// <summary>Marks the fault that <paramref name="task"/> has ended with, or will end with, as observed.</summary>
    internal static void Observe(Task task)
    {
        if (task.IsCompleted)
        {
            _ = task.Exception;
        }
        else
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Completes when <paramref name="task"/> has ended, whichever way, and never faults; the fault is observed.</summary>
    internal static Task WhenEnded(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
