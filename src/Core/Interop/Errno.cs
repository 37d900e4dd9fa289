namespace ProcessKit.Interop;

/// <summary>The errno values the library acts on; these are the same on Linux and macOS.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int E2BIG = 7;
    internal const int ENOEXEC = 8;
    internal const int EAGAIN = 11; // Linux; macOS has 35, but only the Linux loop reads non-blocking pipes
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int ETXTBSY = 26;
    internal const int ENOSYS = 38; // Linux; the only system that asks
}
