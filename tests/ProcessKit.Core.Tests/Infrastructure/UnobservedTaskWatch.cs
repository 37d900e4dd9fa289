using System.Collections.Concurrent;
using System.Diagnostics;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// Collects what <see cref="TaskScheduler.UnobservedTaskException"/> reports while it is alive, and
/// tells which of it came from ProcessKit's own libraries. A test host with unobserved-exception
/// checks fails on any of those, so a test forces the finalizers (<see cref="LibraryFaults"/>) and
/// expects none. Run it in a collection that runs alone: other tests' garbage is flushed first, but
/// a fault that nobody observes is reported by the finalizer thread, whoever made it.
/// </summary>
internal sealed class UnobservedTaskWatch : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedTaskWatch()
    {
        // What earlier tests left for the finalizer is reported now, before the watch starts.
        CollectGarbage();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Forces every task that is garbage by now through its finalizer, then returns the faults of ProcessKit's libraries among what was reported.</summary>
    public IReadOnlyList<Exception> LibraryFaults()
    {
        CollectGarbage();
        return [.. _seen.Where(IsFromLibrary)];
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => _seen.Enqueue(e.Exception);

    private static void CollectGarbage()
    {
        // Twice: a task's exception holder is finalized only once the task itself was collected.
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>
    /// A fault is the library's when any exception in it was thrown through library code or is a
    /// library type, or was never thrown at all: a task the library faulted with an exception it
    /// only created (<c>Task.FromException</c>, <c>TrySetException</c>) has no stack trace.
    /// </summary>
    private static bool IsFromLibrary(Exception fault) => Flatten(fault).Any(e =>
        e is not AggregateException && (e.StackTrace is null || IsLibrary(e.GetType()) || new StackTrace(e).GetFrames().Any(f => IsLibrary(f.GetMethod()?.DeclaringType))));

    private static bool IsLibrary(Type? type) =>
        type?.Assembly.GetName().Name is { } name && (name == "ProcessKit.Core" || name == "ProcessKit.Testing");

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(e.InnerException is { } one ? [one] : []);
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
