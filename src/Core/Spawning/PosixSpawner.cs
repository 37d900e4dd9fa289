using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Starts a child with <c>posix_spawn</c> (Linux and macOS), or on Linux through
/// <see cref="CgroupSpawnLibrary"/> where it loads (the same steps, and the start in a cgroup v2
/// group): one call that places it in its container's process group, resets every signal
/// disposition and the signal mask (the .NET runtime ignores SIGPIPE, which a child must not
/// inherit), connects its standard streams and changes its directory, all before the program
/// runs. Pipes are created close-on-exec, so no other child ever inherits them.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static unsafe class PosixSpawner
{
    private const string NullDevice = "/dev/null";

    // Opened once, close-on-exec, and shared by every spawn: a child gets its own duplicate.
    private static readonly Lazy<SafeHandle> NullForReading = new(() => File.OpenHandle(NullDevice, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
    private static readonly Lazy<SafeHandle> NullForWriting = new(() => File.OpenHandle(NullDevice, FileMode.Open, FileAccess.Write, FileShare.ReadWrite));

    internal static ChildProcess Spawn(SpawnPlan plan, Containment containment)
    {
        var files = new List<SafeHandle>(3);
        AnonymousPipeServerStream? stdin = null;
        OutputPipe? stdout = null, stderr = null;
        try
        {
            var inFd = ConnectInput(plan.Input, files, ref stdin);
            var outFd = ConnectOutput(plan.Output, files, ref stdout);
            var errFd = plan.Error == plan.Output && plan.Output.Connection == StdioConnection.File
                ? outFd // one open file description: the two streams share its offset instead of overwriting each other
                : ConnectOutput(plan.Error, files, ref stderr);
            var pid = SpawnNative(plan, containment, inFd, outFd, errFd);

            stdin?.DisposeLocalCopyOfClientHandle();
            stdout?.CloseChildEnd();
            stderr?.CloseChildEnd();
            var child = new PosixChildProcess(pid, stdin, stdout, stderr);
            containment.Adopt(child);
            child.ExitedTask = ChildReaper.Instance.Watch(pid, containment.NotifyLeaderExited);
            return child;
        }
        catch
        {
            stdin?.Dispose();
            stdout?.Dispose();
            stderr?.Dispose();
            throw;
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>Opens the child's side of its standard input; returns its fd.</summary>
    private static int ConnectInput(StdioPlan stdio, List<SafeHandle> files, ref AnonymousPipeServerStream? parentEnd)
    {
        switch (stdio.Connection)
        {
            case StdioConnection.Inherit:
                return -1;
            case StdioConnection.Null:
                return (int)NullForReading.Value.DangerousGetHandle();
            case StdioConnection.Pipe:
                parentEnd = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
                return (int)parentEnd.ClientSafePipeHandle.DangerousGetHandle();
            case StdioConnection.Handle:
                return (int)stdio.Handle!.DangerousGetHandle();
            default:
                var file = File.OpenHandle(stdio.FilePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                files.Add(file);
                return (int)file.DangerousGetHandle();
        }
    }

    /// <summary>Opens the child's side of one output stream; returns its fd, or -1 to inherit ours.</summary>
    private static int ConnectOutput(StdioPlan stdio, List<SafeHandle> files, ref OutputPipe? parentEnd)
    {
        switch (stdio.Connection)
        {
            case StdioConnection.Inherit:
                return -1;
            case StdioConnection.Null:
                return (int)NullForWriting.Value.DangerousGetHandle();
            case StdioConnection.Pipe:
                parentEnd = OutputPipe.Create();
                return parentEnd.ChildFd;
            case StdioConnection.Handle:
                return (int)stdio.Handle!.DangerousGetHandle();
            default:
                var file = Libc.OpenForChildOutput(stdio.FilePath!, stdio.Append);
                files.Add(file);
                return (int)file.DangerousGetHandle();
        }
    }

    /// <summary>
    /// The cgroup join, for a C library without <c>CLONE_INTO_CGROUP</c> support in posix_spawn: the
    /// child starts as a join program that writes itself into each group's <c>cgroup.procs</c>
    /// (its cgroup v2 group, then any v1 groups that enforce its limits; <c>0</c> means "the writer"), closes descriptor 3 (the <see cref="CgroupJoinSignal"/> the
    /// spawner waits on), then execs the program under the same pid. The program's first
    /// instruction already runs in the groups, so nothing it forks can start outside. A failed join
    /// exits 125 before the program runs. The join program is <see cref="CgroupJoinProgram"/>
    /// where it is found; otherwise <c>/bin/sh</c> running this script, whose <c>$0</c> is the
    /// number of <c>cgroup.procs</c> files that follow, and whose argument after them restores the
    /// command's own <c>PWD</c> ("=value") or its absence ("-"), which the shell would otherwise
    /// set. What the shell cannot keep: the program's <c>argv[0]</c> becomes its resolved path.
    /// </summary>
    private const string CgroupJoinScript = "n=$0; while [ $n -gt 0 ]; do echo 0 > \"$1\" || exit 125; shift; n=$((n-1)); done; exec 3>&-; case $1 in -) unset PWD;; *) export PWD=\"${1#=}\";; esac; shift; exec \"$@\"";

    private static int SpawnNative(SpawnPlan plan, Containment containment, int inFd, int outFd, int errFd)
    {
        var processGroup = containment.UnixProcessGroupToJoin;

        // The chain the child runs through, outermost first: join the cgroup (as this process's
        // user, who owns it), then switch user and set the parent-death signal, then the program.
        var (path, program, arguments) = (plan.ExecutablePath, plan.Program, plan.Arguments);
        if (plan.Privileges is { } privileges)
        {
            (path, program, arguments) = privileges.Wrap(path, arguments);
        }

        if (OperatingSystem.IsLinux() && StartsDirectly(containment) &&
            SpawnDirectly(plan, containment, containment.CgroupToStartIn, (path, program, arguments), (inFd, outFd, errFd)) is { } started)
        {
            return started;
        }

        CgroupJoinSignal? join = null;
        string? joinProgram = null;
        if (containment.CgroupProcsPaths is { Count: > 0 } procs && OperatingSystem.IsLinux())
        {
            ExecutableCheck.ThrowIfNotExecutable(plan);
            var count = procs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            joinProgram = CgroupJoinProgram.Path;
            if (joinProgram is not null)
            {
                (path, program, arguments) = (joinProgram, CgroupJoinProgram.FileName, [count, .. procs, path, program, .. arguments]);
            }
            else
            {
                var pwd = plan.Environment.TryGetValue("PWD", out var value) ? "=" + value : "-";
                (path, program, arguments) = ("/bin/sh", "sh", ["-c", CgroupJoinScript, count, .. procs, pwd, path, .. arguments]);
            }

            join = CgroupJoinSignal.Create();
        }

        using var joined = join;
        using var strings = new NativeStringBlock(path, plan.WorkingDirectory ?? "", program, arguments, plan.Environment, containment.Marker);
        var opaque = (byte*)NativeMemory.AllocZeroed(Libc.OpaqueStructSize * 4);
        var fileActions = opaque;
        var attributes = opaque + Libc.OpaqueStructSize;
        var emptySet = opaque + (Libc.OpaqueStructSize * 2);
        var defaultSet = opaque + (Libc.OpaqueStructSize * 3);
        try
        {
            Check(Libc.posix_spawn_file_actions_init(fileActions), plan);
            Check(Libc.posix_spawnattr_init(attributes), plan);
            try
            {
                AddDup2(fileActions, inFd, 0, plan);
                AddDup2(fileActions, outFd, 1, plan);
                AddDup2(fileActions, errFd, 2, plan);
                if (join is not null)
                {
                    AddDup2(fileActions, join.WriteEnd, CgroupJoinSignal.ChildFd, plan);
                }

                CloseInheritedDescriptors(fileActions, join is null ? 3 : CgroupJoinSignal.ChildFd + 1);
                if (plan.WorkingDirectory is not null)
                {
                    Check(AddChdir(fileActions, strings.WorkingDirectory, plan), plan);
                }

                short flags = Libc.PosixSpawnSetSigMask | Libc.PosixSpawnSetSigDef;
                if (processGroup >= 0)
                {
                    flags |= Libc.PosixSpawnSetPgroup;
                    Check(Libc.posix_spawnattr_setpgroup(attributes, processGroup), plan);
                }

                _ = Libc.sigemptyset(emptySet);
                _ = Libc.sigfillset(defaultSet);
                _ = Libc.sigdelset(defaultSet, SignalNames.SigKill);
                _ = Libc.sigdelset(defaultSet, SignalNames.SigStop); // neither can be caught anyway
                Check(Libc.posix_spawnattr_setsigmask(attributes, emptySet), plan);
                Check(Libc.posix_spawnattr_setsigdefault(attributes, defaultSet), plan);
                Check(Libc.posix_spawnattr_setflags(attributes, flags), plan);

                var error = SpawnWhileNotBusy(plan, (out int child) => Libc.posix_spawn(out child, strings.Path, fileActions, attributes, strings.Argv, strings.Envp), out var pid);
                if (error != 0 && joinProgram is not null && OperatingSystem.IsLinux() && (error == Errno.ENOEXEC || !Libc.CanExecute(joinProgram)))
                {
                    // The join program itself cannot run here (a noexec mount, another
                    // architecture, removed): the shell joins from now on.
                    CgroupJoinProgram.Refused();
                    return SpawnNative(plan, containment, inFd, outFd, errFd);
                }

                if (error != 0)
                {
                    throw SpawnError(plan, error);
                }

                join?.WaitForJoin();
                return pid;
            }
            finally
            {
                _ = Libc.posix_spawn_file_actions_destroy(fileActions);
                _ = Libc.posix_spawnattr_destroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(opaque);
        }
    }

    /// <summary>
    /// True when the child can start through <see cref="CgroupSpawnLibrary"/>: directly in its one
    /// cgroup v2 group, or in no group of ours at all (a child that must also join cgroup v1 groups
    /// joins through <see cref="CgroupJoinProgram"/>).
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static bool StartsDirectly(Containment containment) => containment.CgroupToStartIn is not null
        ? CgroupSpawnLibrary.IsAvailable
        : containment.CgroupProcsPaths.Count == 0 && CgroupSpawnLibrary.CanStartOutsideGroups;

    /// <summary>
    /// Starts the child through <see cref="CgroupSpawnLibrary"/>, in <paramref name="cgroup"/> when
    /// given one: the same steps as <c>posix_spawn</c> in <see cref="SpawnNative"/>, with no join,
    /// no join signal and no second <c>exec</c>; the program's own <c>exec</c> reports its errors as
    /// <c>posix_spawn</c> does. Null when the kernel refused <c>clone3</c>: the caller joins, or
    /// uses <c>posix_spawn</c>, instead, from now on.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static int? SpawnDirectly(SpawnPlan plan, Containment containment, CgroupDirectory? cgroup, (string Path, string Program, IReadOnlyList<string> Arguments) run, (int Input, int Output, int Error) stdio)
    {
        using var strings = new NativeStringBlock(run.Path, plan.WorkingDirectory ?? "", run.Program, run.Arguments, plan.Environment, containment.Marker);
        var directory = cgroup is null ? -1 : cgroup.Open();
        if (cgroup is not null && directory < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new ProcessSpawnException(plan.Program, plan.Arguments, errno, $"{Marshal.GetPInvokeErrorMessage(errno)}: its cgroup {cgroup.Path} cannot be opened");
        }

        try
        {
            var request = new CgroupSpawnLibrary.Request
            {
                Path = strings.Path,
                Argv = strings.Argv,
                Envp = strings.Envp,
                WorkingDirectory = plan.WorkingDirectory is null ? null : strings.WorkingDirectory,
                StandardInput = stdio.Input,
                StandardOutput = stdio.Output,
                StandardError = stdio.Error,
                CloseFrom = 3,
                ProcessGroup = containment.UnixProcessGroupToJoin,
                Cgroup = directory,
            };
            var requestAddress = &request;
            var error = SpawnWhileNotBusy(plan, (out int pid) => CgroupSpawnLibrary.Spawn(requestAddress, out pid), out var started);
            return error switch
            {
                0 => started,
                CgroupSpawnLibrary.Refused => null,
                _ => throw SpawnError(plan, error),
            };
        }
        finally
        {
            if (directory >= 0)
            {
                _ = Libc.close(directory);
            }
        }
    }

    /// <summary>One attempt at a spawn: 0 with the child's pid, or the error.</summary>
    private delegate int SpawnAttempt(out int pid);

    /// <summary>Makes <paramref name="attempt"/>, again while the program is busy (see <see cref="BusyExecutable"/>); returns the last error, 0 on success.</summary>
    private static int SpawnWhileNotBusy(SpawnPlan plan, SpawnAttempt attempt, out int pid)
    {
        var retry = 0;
        int error;
        while ((error = attempt(out pid)) == Errno.ETXTBSY && BusyExecutable.WaitBeforeRetry(plan.ExecutablePath, ref retry))
        {
        }

        return error;
    }

    private static void AddDup2(void* fileActions, int fd, int target, SpawnPlan plan)
    {
        if (fd >= 0)
        {
            Check(Libc.posix_spawn_file_actions_adddup2(fileActions, fd, target), plan);
        }
    }

    /// <summary>
    /// Closes every descriptor from <paramref name="lowest"/> up in the child (glibc 2.34+): descriptors this process
    /// inherited without close-on-exec (from a test runner, say) would otherwise leak into every
    /// child and could keep someone else's pipe open. Where the C library lacks it, close-on-exec
    /// on our own descriptors still holds.
    /// </summary>
    private static void CloseInheritedDescriptors(void* fileActions, int lowest)
    {
        if (!OperatingSystem.IsLinux() || !_canCloseFrom)
        {
            return;
        }

        try
        {
            _ = Libc.posix_spawn_file_actions_addclosefrom_np(fileActions, lowest);
        }
        catch (EntryPointNotFoundException)
        {
            _canCloseFrom = false;
        }
    }

    private static bool _canCloseFrom = true;

    private static int AddChdir(void* fileActions, byte* directory, SpawnPlan plan)
    {
        try
        {
            return Libc.posix_spawn_file_actions_addchdir_np(fileActions, directory);
        }
        catch (EntryPointNotFoundException)
        {
            throw new ProcessUnsupportedException(plan.Program, plan.Arguments, "A working directory for a spawned process (posix_spawn_file_actions_addchdir_np, glibc 2.29 or macOS 10.15)");
        }
    }

    private static void Check(int error, SpawnPlan plan)
    {
        if (error != 0)
        {
            throw new ProcessSpawnException(plan.Program, plan.Arguments, error, Marshal.GetPInvokeErrorMessage(error));
        }
    }

    private static Exception SpawnError(SpawnPlan plan, int error)
    {
        var reason = Marshal.GetPInvokeErrorMessage(error);
        return error switch
        {
            // The file was found when the command was planned, so ENOENT now means its #! interpreter is missing.
            Errno.ENOENT or Errno.ENOTDIR => new ProcessSpawnException(plan.Program, plan.Arguments, error, $"{reason}: '{plan.ExecutablePath}' or the interpreter named on its #! line does not exist"),
            Errno.EACCES or Errno.EPERM or Errno.EISDIR => new ProcessPermissionException(plan.Program, plan.Arguments, plan.ExecutablePath, reason),
            Errno.ETXTBSY => BusyExecutable.Error(plan),
            _ => new ProcessSpawnException(plan.Program, plan.Arguments, error, reason),
        };
    }

    /// <summary>
    /// Everything <c>posix_spawn</c> reads, as UTF-8 NUL-terminated strings in one native block
    /// behind one pointer table: <c>[path, cwd, argv..., NULL, envp..., NULL]</c>. Environment
    /// entries are written as <c>NAME=value</c> directly, without building a string per variable.
    /// </summary>
    private sealed class NativeStringBlock : IDisposable
    {
        private readonly byte** _table;
        private readonly int _argvIndex;
        private readonly int _envpIndex;

        internal NativeStringBlock(string path, string workingDirectory, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, KeyValuePair<string, string>? marker)
        {
            var utf8 = Encoding.UTF8;
            var slots = 2 + 1 + arguments.Count + 1 + environment.Count + 1 + 1;
            var bytes = utf8.GetByteCount(path) + utf8.GetByteCount(workingDirectory) + utf8.GetByteCount(program) + 3;
            foreach (var argument in arguments)
            {
                bytes += utf8.GetByteCount(argument) + 1;
            }

            foreach (var (name, value) in environment)
            {
                bytes += utf8.GetByteCount(name) + utf8.GetByteCount(value) + 2;
            }

            if (marker is { } extra)
            {
                bytes += utf8.GetByteCount(extra.Key) + utf8.GetByteCount(extra.Value) + 2;
            }

            _table = (byte**)NativeMemory.Alloc((nuint)((slots * sizeof(byte*)) + bytes));
            var writer = new Writer(_table, (byte*)(_table + slots), bytes);
            writer.Add(path);
            writer.Add(workingDirectory);
            _argvIndex = writer.Slot;
            writer.Add(program);
            foreach (var argument in arguments)
            {
                writer.Add(argument);
            }

            writer.AddNull();
            _envpIndex = writer.Slot;
            foreach (var (name, value) in environment)
            {
                if (marker is not { } own || !string.Equals(name, own.Key, StringComparison.Ordinal))
                {
                    writer.Add(name, value);
                }
            }

            if (marker is { } mark)
            {
                writer.Add(mark.Key, mark.Value);
            }

            writer.AddNull();
        }

        internal byte* Path => _table[0];

        internal byte* WorkingDirectory => _table[1];

        internal byte** Argv => _table + _argvIndex;

        internal byte** Envp => _table + _envpIndex;

        public void Dispose() => NativeMemory.Free(_table);

        private ref struct Writer(byte** table, byte* cursor, int remaining)
        {
            private byte* _cursor = cursor;
            private int _remaining = remaining;

            internal int Slot { get; private set; }

            internal void Add(string value, string? afterEquals = null)
            {
                table[Slot++] = _cursor;
                Append(value);
                if (afterEquals is not null)
                {
                    *_cursor++ = (byte)'=';
                    _remaining--;
                    Append(afterEquals);
                }

                *_cursor++ = 0;
                _remaining--;
            }

            internal void AddNull() => table[Slot++] = null;

            private void Append(string value)
            {
                var written = Encoding.UTF8.GetBytes(value, new Span<byte>(_cursor, _remaining));
                _cursor += written;
                _remaining -= written;
            }
        }
    }
}
