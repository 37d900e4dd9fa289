namespace ProcessKit;

/// <summary>
/// Lets ProcessKit.Testing see the commands the real runner (<see cref="ProcessRunner.Default"/>)
/// runs in one async flow: a test with a cassette watches its own flow, so that a command its code
/// ran past the cassette (a runner taken from DI, <c>ProcessRunner.Default</c> used directly) is
/// reported rather than silently run for real and never recorded. Core knows nothing of tests:
/// this is only a callback per flow.
/// </summary>
/// <remarks>
/// Cheap when nobody watches: a run reads one static counter and nothing else. A watch is found
/// through an <see cref="AsyncLocal{T}"/>, so parallel tests each see their own runs, and it
/// reports nothing once disposed.
/// </remarks>
internal sealed class RealRunWatch : IDisposable
{
    private static readonly AsyncLocal<RealRunWatch?> Active = new();
    private static int _open;
    private readonly Action<Command> _onRun;
    private int _disposed;

    private RealRunWatch(Action<Command> onRun) => _onRun = onRun;

    /// <summary>
    /// Reports to <paramref name="onRun"/> each command the real runner runs from now on in the
    /// calling async flow (and the flows it starts), until the watch is disposed.
    /// </summary>
    /// <param name="onRun">Called on the running thread with each command; must not throw.</param>
    internal static RealRunWatch Begin(Action<Command> onRun)
    {
        ArgumentNullException.ThrowIfNull(onRun);
        var watch = new RealRunWatch(onRun);
        Interlocked.Increment(ref _open);
        Active.Value = watch;
        return watch;
    }

    /// <summary>
    /// Stops reporting runs in the calling async flow. Call it first thing in an <c>async</c> method
    /// (its change to the flow ends with the method): for the runs a cassette makes on purpose while
    /// recording, and those a helper server makes to start.
    /// </summary>
    internal static void Pause() => Active.Value = null;

    /// <summary>Reports <paramref name="command"/> to the watch of the calling flow, if any (null: nothing ran, the runner throws for it).</summary>
    internal static void Notify(Command? command)
    {
        if (Volatile.Read(ref _open) == 0 || command is null)
        {
            return;
        }

        if (Active.Value is { } watch && Volatile.Read(ref watch._disposed) == 0)
        {
            watch._onRun(command);
        }
    }

    /// <summary>Stops reporting; idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
