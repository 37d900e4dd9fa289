using System.Runtime.InteropServices;

namespace ProcessKit.Benchmarks;

/// <summary>The native calls of the raw <c>posix_spawn</c> baseline, independent of ProcessKit's own.</summary>
internal static unsafe partial class RawLibc
{
    private const string Libc = "libc";

    internal const int OCloexec = 0x80000;
    internal const int OWronly = 1;
    internal const int EIntr = 4;
    internal const int EBusy = 16;
    internal const int SigKill = 9;

    // glibc's posix_spawn_file_actions_t is 80 bytes; room to spare.
    internal const int FileActionsSize = 256;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    [LibraryImport(Libc)]
    internal static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Libc)]
    internal static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Libc)]
    internal static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Libc)]
    internal static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int open(byte* path, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int mkdir(byte* path, uint mode);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int rmdir(byte* path);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int kill(int pid, int signal);
}
