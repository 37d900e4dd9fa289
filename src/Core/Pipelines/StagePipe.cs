using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace ProcessKit;

/// <summary>
/// The kernel pipe between two stages: one stage's standard output is its write end, the next
/// stage's standard input its read end, so what flows between them never passes through this
/// process. Both ends are created close-on-exec (Unix) or non-inheritable (Windows), so no other
/// child gets them, and blocking, as programs expect of their standard streams. This process
/// closes its copy of each end as soon as the stage using it is spawned: the reader then sees
/// end-of-file exactly when the writer's tree has closed it, and the writer gets SIGPIPE exactly
/// when the reader's tree has.
/// </summary>
internal sealed class StagePipe : IDisposable
{
    // Only a pipe factory: nothing is ever read or written through the stream itself.
    private readonly AnonymousPipeServerStream _pipe = new(PipeDirection.Out, HandleInheritability.None);
    private readonly SafeHandle _readEnd;
    private readonly SafeHandle _writeEnd;

    internal StagePipe()
    {
        _writeEnd = _pipe.SafePipeHandle;
        _readEnd = _pipe.ClientSafePipeHandle;
    }

    /// <summary>The end the next stage reads as its standard input.</summary>
    internal SafeHandle ReadEnd => _readEnd;

    /// <summary>The end a stage writes as its standard output.</summary>
    internal SafeHandle WriteEnd => _writeEnd;

    /// <summary>Closes this process's copy of the read end, once the reading stage has its own.</summary>
    internal void CloseReadEnd() => _readEnd.Dispose();

    /// <summary>Closes this process's copy of the write end, once the writing stage has its own.</summary>
    internal void CloseWriteEnd() => _pipe.Dispose();

    /// <summary>Closes whatever this process still holds.</summary>
    public void Dispose()
    {
        CloseReadEnd();
        CloseWriteEnd();
    }
}
