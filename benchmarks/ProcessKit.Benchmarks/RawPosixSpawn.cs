using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The floor every other way is compared with: <c>posix_spawn</c> with one file action (the pipe's
/// write end onto fd 1), the parent's copy of the write end closed, the read end read until EOF
/// into one reused buffer, then <c>waitpid</c> on the pid. No process group, no signal reset, no
/// environment copy (the child gets this process's <c>environ</c> as is), no second pipe, no
/// decoding, no thread hop: everything happens on the calling thread.
/// </summary>
internal sealed unsafe class RawPosixSpawn
{
    private const int ReadSize = 64 * 1024;

    // argv lives on the pinned object heap: its addresses never change, and nothing needs freeing.
    private readonly byte[] _argvStrings;
    private readonly nint[] _argv;
    private readonly byte*** _environ;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReadSize, pinned: true);

    /// <summary>Prepares <paramref name="argv"/> (argv[0] is the absolute path executed) once, outside the measured spawn.</summary>
    internal RawPosixSpawn(params string[] argv)
    {
        var encoded = argv.Select(arg => Encoding.UTF8.GetBytes(arg + "\0")).ToArray();
        _argvStrings = GC.AllocateUninitializedArray<byte>(encoded.Sum(bytes => bytes.Length), pinned: true);
        _argv = GC.AllocateArray<nint>(argv.Length + 1, pinned: true);
        fixed (byte* strings = _argvStrings)
        {
            var offset = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                encoded[i].CopyTo(_argvStrings, offset);
                _argv[i] = (nint)(strings + offset);
                offset += encoded[i].Length;
            }
        }

        _environ = (byte***)NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ");
    }

    /// <summary>Spawns, reads stdout to EOF, reaps; returns how many bytes the child wrote, or throws if it did not exit with 0.</summary>
    internal long Run()
    {
        var fds = stackalloc int[2];
        ThrowIfFailed(RawLibc.pipe2(fds, RawLibc.OCloexec));
        int readEnd = fds[0], writeEnd = fds[1];

        var fileActions = stackalloc byte[RawLibc.FileActionsSize];
        int pid;
        try
        {
            ThrowIfError(RawLibc.posix_spawn_file_actions_init(fileActions));
            try
            {
                ThrowIfError(RawLibc.posix_spawn_file_actions_adddup2(fileActions, writeEnd, 1));
                fixed (nint* argvTable = _argv)
                {
                    var args = (byte**)argvTable;
                    ThrowIfError(RawLibc.posix_spawn(out pid, args[0], fileActions, null, args, *_environ));
                }
            }
            finally
            {
                _ = RawLibc.posix_spawn_file_actions_destroy(fileActions);
            }
        }
        finally
        {
            _ = RawLibc.close(writeEnd);
        }

        long total = 0;
        try
        {
            fixed (byte* buffer = _buffer)
            {
                nint read;
                while ((read = RawLibc.read(readEnd, buffer, ReadSize)) != 0)
                {
                    if (read > 0)
                    {
                        total += read;
                    }
                    else if (Marshal.GetLastPInvokeError() != RawLibc.EIntr)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                }
            }
        }
        finally
        {
            _ = RawLibc.close(readEnd);
        }

        int status;
        while (RawLibc.waitpid(pid, out status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != RawLibc.EIntr)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }
        }

        // A wait status of 0 is "exited with code 0"; anything else means the child failed.
        return status == 0 ? total : throw new InvalidOperationException($"The child ended with wait status 0x{status:x}.");
    }

    private static void ThrowIfFailed(int result)
    {
        if (result != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }
    }

    private static void ThrowIfError(int error)
    {
        if (error != 0)
        {
            throw new Win32Exception(error);
        }
    }
}
