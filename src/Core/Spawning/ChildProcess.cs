namespace ProcessKit;

/// <summary>A spawned child as the engine sees it: its id, the parent's ends of its pipes, and its exit.</summary>
internal abstract class ChildProcess
{
    /// <summary>The process id.</summary>
    internal abstract int Id { get; }

    /// <summary>The write end of the child's stdin pipe, when input is fed through a pipe.</summary>
    internal abstract Stream? StandardInput { get; }

    /// <summary>The child's stdout pipe, when stdout is captured.</summary>
    internal abstract OutputPipe? StandardOutput { get; }

    /// <summary>The child's stderr pipe, when stderr is captured.</summary>
    internal abstract OutputPipe? StandardError { get; }

    /// <summary>Completes once the child has exited and been reaped.</summary>
    internal abstract Task<ExitStatus> Exited { get; }
}
