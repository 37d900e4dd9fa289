using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// What <c>execve</c> would refuse, checked before a child that goes through the cgroup join shim
/// is spawned: inside the shell an exec failure would become a shell error (a file the kernel
/// cannot execute would even be run as a shell script), not the <see cref="ProcessSpawnException"/>
/// a direct spawn reports. A program that is busy (open for writing) is waited for here, as a
/// direct spawn retries it (<see cref="BusyExecutable"/>).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ExecutableCheck
{
    private const int HeaderSize = 256;

    /// <exception cref="ProcessSpawnException">The file is neither a binary the kernel runs nor a script whose <c>#!</c> interpreter exists.</exception>
    internal static void ThrowIfNotExecutable(SpawnPlan plan)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        int read;
        bool busy;
        try
        {
            using var file = File.OpenHandle(plan.ExecutablePath);
            busy = !BusyExecutable.WaitUntilNotOpenForWriting(file, plan.ExecutablePath);
            read = RandomAccess.Read(file, header, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // let the spawn report it
        }

        if (busy)
        {
            throw BusyExecutable.Error(plan);
        }

        header = header[..read];
        if (header.StartsWith("\u007fELF"u8))
        {
            return;
        }

        if (!header.StartsWith("#!"u8))
        {
            throw new ProcessSpawnException(plan.Program, plan.Arguments, Errno.ENOEXEC,
                $"Exec format error: '{plan.ExecutablePath}' is neither a binary this system runs nor a script with a #! line");
        }

        var line = header[2..];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        line = (end < 0 ? line : line[..end]).Trim(" \t"u8);
        var space = line.IndexOfAny((byte)' ', (byte)'\t');
        var interpreter = System.Text.Encoding.UTF8.GetString(space < 0 ? line : line[..space]);
        if (interpreter.Length == 0 || !File.Exists(interpreter))
        {
            throw new ProcessSpawnException(plan.Program, plan.Arguments, Errno.ENOENT,
                $"No such file or directory: the interpreter '{interpreter}' named on the #! line of '{plan.ExecutablePath}' does not exist");
        }
    }
}
