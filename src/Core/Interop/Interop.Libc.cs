using System.Runtime.InteropServices;

namespace ProcessKit.Interop;

/// <summary>
/// POSIX calls shared by Linux and macOS. Every native declaration of the library lives under
/// <c>Interop/</c>, source-generated with <see cref="LibraryImportAttribute"/>.
/// </summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    // posix_spawn flags: identical on glibc, musl and macOS.
    internal const short PosixSpawnSetPgroup = 0x02;
    internal const short PosixSpawnSetSigDef = 0x04;
    internal const short PosixSpawnSetSigMask = 0x08;

    // Opaque posix_spawn structures and sigset_t are allocated natively with room to spare: glibc's
    // attribute struct is 336 bytes, its file actions 80, its sigset_t 128; macOS uses pointers.
    internal const int OpaqueStructSize = 1024;

    internal const int WNOHANG = 1;

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int posix_spawn(
        out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawn_file_actions_addchdir_np(void* fileActions, byte* path);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawn_file_actions_addclosefrom_np(void* fileActions, int lowFd);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_setpgroup(void* attributes, int pgroup);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_setsigmask(void* attributes, void* sigmask);

    [LibraryImport(LibraryName)]
    internal static partial int posix_spawnattr_setsigdefault(void* attributes, void* sigdefault);

    [LibraryImport(LibraryName)]
    internal static partial int sigemptyset(void* set);

    [LibraryImport(LibraryName)]
    internal static partial int sigfillset(void* set);

    [LibraryImport(LibraryName)]
    internal static partial int sigdelset(void* set, int signal);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int killpg(int pgid, int signal);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int access(byte* path, int mode);

    [LibraryImport(LibraryName)]
    internal static partial int geteuid();

    [LibraryImport(LibraryName)]
    private static partial int getpwnam_r(byte* name, byte* entry, byte* buffer, nuint length, byte** result);

    /// <summary>A user's id and primary group from the password database, or null when there is no such user.</summary>
    internal static (int UserId, int GroupId)? LookUpUser(string userName)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(userName + "\0");
        var entry = stackalloc byte[256]; // struct passwd: 48 bytes on glibc, 72 on macOS
        var buffer = new byte[16 * 1024];
        byte* result = null;
        int error;
        fixed (byte* n = name)
        fixed (byte* b = buffer)
        {
            error = getpwnam_r(n, entry, b, (nuint)buffer.Length, &result);
        }

        if (error != 0 || result is null)
        {
            return null;
        }

        // struct passwd starts with two pointers (pw_name, pw_passwd), then uid_t pw_uid and
        // gid_t pw_gid: the same prefix on glibc, musl and macOS.
        return (*(int*)(entry + (2 * sizeof(nint))), *(int*)(entry + (2 * sizeof(nint)) + 4));
    }

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int close(int fd);

    internal const int XOk = 1;
    private const int WOk = 2;

    /// <summary>True when this process may create entries in <paramref name="directory"/> (<c>access(W_OK)</c>).</summary>
    internal static bool CanWrite(string directory)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
        {
            return access(p, WOk | XOk) == 0;
        }
    }

    /// <summary>True when this process may execute <paramref name="path"/> (<c>access(X_OK)</c>; false on a <c>noexec</c> mount too).</summary>
    internal static bool CanExecute(string path) => CanExecute(path, out _);

    /// <summary><see cref="CanExecute(string)"/>, with the <c>errno</c> of a refusal in <paramref name="error"/> (0 when it may).</summary>
    internal static bool CanExecute(string path, out int error)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            error = access(p, XOk) == 0 ? 0 : Marshal.GetLastPInvokeError();
            return error == 0;
        }
    }

    [LibraryImport(LibraryName, EntryPoint = "open", SetLastError = true)]
    private static partial int OpenNative(byte* path, int flags, int mode);

    /// <summary>
    /// Opens <paramref name="path"/> for the child to write, close-on-exec in this process:
    /// created if missing (mode 0644 before umask), then truncated or opened with <c>O_APPEND</c>,
    /// so that writers sharing the file (stdout and stderr, or other processes) never overwrite each other.
    /// </summary>
    internal static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForChildOutput(string path, bool append)
    {
        var linux = OperatingSystem.IsLinux();
        int writeOnly = 1, create = linux ? 0x40 : 0x200, truncate = linux ? 0x200 : 0x400, appendFlag = linux ? 0x400 : 0x8, closeOnExec = linux ? 0x80000 : 0x1000000;
        var flags = writeOnly | create | closeOnExec | (append ? appendFlag : truncate);
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            do
            {
                fd = OpenNative(p, flags, 0x1a4);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        }

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var reason = Marshal.GetPInvokeErrorMessage(errno);
            throw errno switch
            {
                Errno.ENOENT or Errno.ENOTDIR => new DirectoryNotFoundException($"Cannot create the output file '{path}': {reason}."),
                Errno.EACCES or Errno.EPERM or Errno.EISDIR => new UnauthorizedAccessException($"Cannot write the output file '{path}': {reason}."),
                _ => new IOException($"Cannot open the output file '{path}': {reason}.", errno),
            };
        }

        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Decodes a <c>waitpid</c> status word (the same encoding on Linux and macOS).</summary>
    internal static ExitStatus DecodeWaitStatus(int status)
    {
        var termSignal = status & 0x7f;
        return termSignal == 0
            ? ExitStatus.Exited((status >> 8) & 0xff)
            : ExitStatus.Signaled(termSignal);
    }

    private const int PPid = 1;
    private const int WExited = 4;

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int waitid(int idType, int id, byte* info, int options);

    /// <summary>
    /// True when child <paramref name="pid"/> has exited (or is gone), without reaping it. Only
    /// <c>si_signo</c>, at offset 0 of <c>siginfo_t</c> everywhere, is read: it is SIGCHLD when a
    /// child was found and 0 when none was ready.
    /// </summary>
    internal static bool HasExited(int pid)
    {
        var noWait = OperatingSystem.IsLinux() ? 0x01000000 : 0x20;
        var info = stackalloc byte[256];
        new Span<byte>(info, 256).Clear();
        if (waitid(PPid, pid, info, WExited | WNOHANG | noWait) != 0)
        {
            return true; // ECHILD: not ours to wait for any more.
        }

        return *(int*)info != 0;
    }
}
