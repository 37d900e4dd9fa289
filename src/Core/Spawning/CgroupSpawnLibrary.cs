using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// The direct start of a child, in its cgroup v2 group when it has one:
/// <c>libprocesskit-cgroup-spawn.so</c>, built from <c>src/Core/Native/cgroup-spawn.c</c> and
/// shipped as <c>runtimes/linux-x64/native</c> in the package. One <c>clone3(CLONE_INTO_CGROUP)</c>
/// makes a child that is in its group from its creation, so the spawn needs neither a join step
/// nor a second <c>exec</c> (what glibc 2.39's <c>posix_spawnattr_setcgroup_np</c> does, which
/// older C libraries lack). Without a group (process groups) it does what <c>posix_spawn</c> does,
/// faster than glibc 2.36's (docs/performance.md). Where the library is absent (another
/// architecture, a build without gcc, a <c>noexec</c> mount) or the kernel refuses <c>clone3</c>
/// (before Linux 5.7, a seccomp filter), a contained child joins through
/// <see cref="CgroupJoinProgram"/> instead, and any other starts through <c>posix_spawn</c>.
/// <c>PROCESSKIT_CGROUP_JOIN=program</c> (or <c>shell</c>) asks for the join anyway.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class CgroupSpawnLibrary
{
    /// <summary>The library's file name.</summary>
    internal const string FileName = "libprocesskit-cgroup-spawn.so";

    private const string EntryPoint = "processkit_cgroup_spawn";

    private static readonly Lazy<nint> Found = new(() => Load(NativeAssetDirectories.Search()));

    /// <summary>Set once the kernel refused <c>clone3</c> (with <c>CLONE_CLEAR_SIGHAND</c>, with or without <c>CLONE_INTO_CGROUP</c>): later spawns join, or use <c>posix_spawn</c>, instead.</summary>
    private static volatile bool _refused;

    /// <summary>
    /// What the child is started with, laid out as <c>struct processkit_spawn_request</c>. It lives
    /// on the calling thread's stack for the call; the child writes <see cref="Error"/> into it.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Request
    {
        internal byte* Path;
        internal byte** Argv;
        internal byte** Envp;
        internal byte* WorkingDirectory;
        internal int StandardInput;
        internal int StandardOutput;
        internal int StandardError;
        internal int CloseFrom;
        internal int ProcessGroup;
        internal int Cgroup;
        internal int Error;
    }

    /// <summary>What <see cref="Spawn"/> returns when the kernel refuses: never an errno.</summary>
    internal const int Refused = -1;

    /// <summary>True when a child can be started directly in its group here (the library loaded, not refused, not overridden).</summary>
    internal static bool IsAvailable => CanStartOutsideGroups && !CgroupJoinProgram.JoinRequested;

    /// <summary>True when a child that joins no cgroup of ours can be started through the library (loaded, not refused).</summary>
    internal static bool CanStartOutsideGroups => !_refused && Found.Value != 0;

    /// <summary>
    /// Starts the child described by <paramref name="request"/>: 0 with <paramref name="pid"/> set; the errno of
    /// a failure (of <c>clone3</c>, or in the child before the program ran: it is reaped); or
    /// <see cref="Refused"/> when this kernel refuses <c>clone3</c> (with <c>CLONE_INTO_CGROUP</c> when
    /// given a group), after which neither <see cref="IsAvailable"/> nor <see cref="CanStartOutsideGroups"/>
    /// holds and the caller joins, or uses <c>posix_spawn</c>, instead.
    /// </summary>
    internal static int Spawn(Request* request, out int pid)
    {
        var entry = (delegate* unmanaged<Request*, int*, int>)Found.Value;
        int child = 0;
        var result = entry(request, &child);
        pid = child;
        if (result >= 0)
        {
            return result;
        }

        if (-result is Errno.ENOSYS or Errno.E2BIG or Errno.EINVAL or Errno.EPERM)
        {
            // No clone3 (before Linux 5.3, or a seccomp filter's answer), no CLONE_CLEAR_SIGHAND
            // (before 5.5) or CLONE_INTO_CGROUP (before 5.7), or a filter that forbids it: this
            // kernel will not, so the library is not used from now on.
            _refused = true;
            return Refused;
        }

        return -result; // out of processes or memory, a group that cannot take processes: the join would fail alike
    }

    /// <summary>How a contained child gets into its cgroup v2 group here, and why not the direct start when it is not used, for <see cref="MechanismPrediction.Reason"/>.</summary>
    internal static string DescribeEntry()
    {
        if (IsAvailable)
        {
            return "children start in their group (clone3 with CLONE_INTO_CGROUP)";
        }

        var why = CgroupJoinProgram.JoinRequested ? $"{CgroupJoinProgram.Variable} asks for a join"
            : _refused ? "the kernel refused clone3 with CLONE_INTO_CGROUP"
            : $"{FileName} was not found or could not be loaded";
        var how = CgroupJoinProgram.Path is null ? "through /bin/sh (argv[0] becomes the resolved path)" : $"through {CgroupJoinProgram.FileName}";
        return $"children join their group {how} before their program runs: {why}";
    }

    /// <summary>The entry point of the first loadable <see cref="FileName"/> in <paramref name="directories"/>, or 0.</summary>
    internal static nint Load(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, FileName);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var library) && NativeLibrary.TryGetExport(library, EntryPoint, out var entry))
            {
                return entry;
            }
        }

        return 0;
    }
}
