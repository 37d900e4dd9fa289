namespace ProcessKit;

/// <summary>
/// A pipe carrying one of a child's output streams to this process: the child's end is handed
/// over at spawn, this process's end is drained into an <see cref="OutputSink"/> until every
/// writer has closed it.
/// </summary>
internal abstract class OutputPipe : IDisposable
{
    /// <summary>A new pipe, read by the <see cref="EpollLoop"/> where there is one, else through a stream.</summary>
    internal static OutputPipe Create() =>
        OperatingSystem.IsLinux() && EpollLoop.Shared is { } loop ? new EpollOutputPipe(loop) : new StreamOutputPipe();

    /// <summary>The child's (write) end, to be duplicated onto its fd 1 or 2 at spawn.</summary>
    internal abstract int ChildFd { get; }

    /// <summary>Closes this process's copy of the child's end, once the child has its own.</summary>
    internal abstract void CloseChildEnd();

    /// <summary>
    /// Reads the pipe to its end into <paramref name="sink"/>. <paramref name="abandon"/> stops
    /// reading early (keeping what was read) when an escaped descendant holds the pipe open.
    /// </summary>
    internal abstract Task DrainAsync(OutputSink sink, CancellationToken abandon);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes whatever ends this process still holds.</summary>
    protected abstract void Dispose(bool disposing);
}
