using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// The join shim's word that its child is in its cgroup: a pipe whose write end the shim holds as
/// descriptor <see cref="ChildFd"/> and closes right after it wrote itself into
/// <c>cgroup.procs</c> (or by dying, when the join failed). The spawner reads the other end to
/// end-of-file, so a spawn returns only once its child is in its container: a kill of the
/// container can no longer run before the join and miss the child. One blocking read, no polling.
/// </summary>
[UnsupportedOSPlatform("windows")] // made only where a cgroup is joined: Linux
internal sealed class CgroupJoinSignal : IDisposable
{
    /// <summary>The shim's descriptor for the write end (the shim closes it with <c>exec 3&gt;&amp;-</c>).</summary>
    internal const int ChildFd = 3;

    private int _readEnd;
    private int _writeEnd;

    private CgroupJoinSignal(int readEnd, int writeEnd) => (_readEnd, _writeEnd) = (readEnd, writeEnd);

    /// <summary>Our copy of the write end, duplicated onto <see cref="ChildFd"/> in the child after its standard streams.</summary>
    internal int WriteEnd => _writeEnd;

    /// <exception cref="IOException">No pipe could be made.</exception>
    internal static CgroupJoinSignal Create()
    {
        var (readEnd, writeEnd) = LinuxNative.CreatePipe();
        if (writeEnd <= 2)
        {
            // A host started with a standard stream closed: the child's own dup2 onto that number
            // would overwrite the write end before it is moved to ChildFd.
            var moved = LinuxNative.DuplicateAtOrAbove(writeEnd, ChildFd + 1);
            _ = Libc.close(writeEnd);
            if (moved < 0)
            {
                _ = Libc.close(readEnd);
                throw new IOException($"Cannot move a pipe descriptor: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            writeEnd = moved;
        }

        return new CgroupJoinSignal(readEnd, writeEnd);
    }

    /// <summary>Closes our write end, then waits until the child has closed its own: it joined, or it exited.</summary>
    internal unsafe void WaitForJoin()
    {
        CloseWriteEnd();
        byte ignored;
        while (LinuxNative.read(_readEnd, &ignored, 1) != 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
        {
        }
    }

    public void Dispose()
    {
        CloseWriteEnd();
        if (_readEnd >= 0)
        {
            _ = Libc.close(_readEnd);
            _readEnd = -1;
        }
    }

    private void CloseWriteEnd()
    {
        if (_writeEnd >= 0)
        {
            _ = Libc.close(_writeEnd);
            _writeEnd = -1;
        }
    }
}
