using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>A raw pipe whose non-blocking read end is handed to the <see cref="EpollLoop"/>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class EpollOutputPipe : OutputPipe
{
    private readonly EpollLoop _loop;
    private int _readEnd;
    private int _writeEnd;

    internal EpollOutputPipe(EpollLoop loop)
    {
        _loop = loop;
        (_readEnd, _writeEnd) = LinuxNative.CreateReadPipe();
    }

    internal override int ChildFd => _writeEnd;

    internal override void CloseChildEnd() => Close(ref _writeEnd);

    internal override Task DrainAsync(OutputSink sink, CancellationToken abandon)
    {
        var drain = _loop.ReadPipe(_readEnd, sink);
        _readEnd = -1; // the loop owns it now
        // The registration lives as long as the token's source, which the run disposes.
        _ = abandon.UnsafeRegister(static state => ((EpollLoop.PipeDrain)state!).Abandon(), drain);
        return drain.Completion;
    }

    protected override void Dispose(bool disposing)
    {
        Close(ref _readEnd);
        Close(ref _writeEnd);
    }

    private static void Close(ref int fd)
    {
        if (fd >= 0)
        {
            _ = Libc.close(fd);
            fd = -1;
        }
    }
}
