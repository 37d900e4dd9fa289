using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Interop;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The cgroup spawn library (src/Core/Native/cgroup-spawn.c) on its own: one call starts the
/// program in the given cgroup v2 group (or, given none, in this process's), with the argv[0],
/// standard streams, process group and directory it was given and every other descriptor closed;
/// a failure before the program runs comes back as its errno. And where it is looked for. (Every
/// spawn test of the suite goes through it too where it is built, under either mechanism.)
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class CgroupSpawnLibraryTests : SpawningTest
{
    private static string BuiltDirectory => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    private static bool GccPresent =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "gcc")));

    [LinuxFact]
    public void The_build_ships_the_library_where_gcc_builds_it_and_spawns_use_it()
    {
        Assert.SkipUnless(GccPresent && RuntimeInformation.OSArchitecture == Architecture.X64, "the library is built by gcc on x86-64 only");

        Assert.NotEqual(0, CgroupSpawnLibrary.Load([BuiltDirectory]));
        Assert.Equal(Environment.GetEnvironmentVariable(CgroupJoinProgram.Variable) is null, CgroupSpawnLibrary.IsAvailable);
    }

    [LinuxFact]
    public void Load_passes_over_a_directory_without_it()
    {
        Directory.CreateDirectory(TempPath("empty"));

        Assert.Equal(0, CgroupSpawnLibrary.Load([TempPath("empty"), TempPath("missing")]));
    }

    [LinuxFact]
    public void The_child_starts_in_the_group_with_what_it_was_given()
    {
        RequireBuilt();
        using var group = CreateGroupOrSkip();
        var output = TempPath("output");
        Directory.CreateDirectory(TempPath("work"));
        using var file = File.OpenHandle(output, FileMode.Create, FileAccess.Write);
        var script = "echo \"$0\"; cat /proc/$$/cgroup; cut -d' ' -f5 /proc/$$/stat; pwd; ls /proc/$$/fd";

        var (error, pid) = Spawn("/bin/sh", ["custom-name", "-c", script], TempPath("work"), stdout: (int)file.DangerousGetHandle(), group.Directory, processGroup: 0);
        Assert.Equal(0, error);
        Assert.Equal(0, WaitForExit(pid));

        var lines = File.ReadAllLines(output);
        Assert.Equal("custom-name", lines[0]);
        Assert.Contains("0::/" + Path.GetRelativePath(CgroupV2Environment.FindMount()!, group.Directory), lines);
        Assert.Contains(pid.ToString(CultureInfo.InvariantCulture), lines); // it leads a new process group
        Assert.Contains(Path.GetFullPath(TempPath("work")), lines);
        Assert.Equal(["0", "1", "2"], lines.SkipWhile(line => line != Path.GetFullPath(TempPath("work"))).Skip(1).ToArray()); // the script runs with -c: nothing open beyond what it was given
    }

    [LinuxFact]
    public void Without_a_group_the_child_starts_in_this_process_s_group_with_what_it_was_given()
    {
        RequireBuilt();
        var output = TempPath("output");
        using var file = File.OpenHandle(output, FileMode.Create, FileAccess.Write);
        var script = "echo \"$0\"; cat /proc/$$/cgroup; cut -d' ' -f5 /proc/$$/stat; ls /proc/$$/fd";

        var (error, pid) = Spawn("/bin/sh", ["custom-name", "-c", script], null, stdout: (int)file.DangerousGetHandle(), cgroup: null, processGroup: 0);
        Assert.Equal(0, error);
        Assert.Equal(0, WaitForExit(pid));

        var lines = File.ReadAllLines(output);
        Assert.Equal("custom-name", lines[0]);
        Assert.Equal(File.ReadAllLines("/proc/self/cgroup"), lines[1..^4]);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), lines[^4]); // it leads a new process group
        Assert.Equal(["0", "1", "2"], lines[^3..]);
    }

    [LinuxFact]
    public void A_failure_before_the_program_runs_is_its_errno_and_leaves_nothing_in_the_group()
    {
        RequireBuilt();
        using var group = CreateGroupOrSkip();

        var (missing, _) = Spawn(TempPath("no-such-program"), ["x"], null, stdout: -1, group.Directory, processGroup: -1);
        var (badDirectory, _) = Spawn("/bin/true", ["true"], TempPath("no-such-directory"), stdout: -1, group.Directory, processGroup: -1);

        Assert.Equal((Errno.ENOENT, Errno.ENOENT), (missing, badDirectory));
        Assert.Empty(new CgroupDirectory(group.Directory).ListProcesses());
    }

    private static void RequireBuilt() =>
        Assert.SkipWhen(CgroupSpawnLibrary.Load([BuiltDirectory]) == 0 || !CgroupSpawnLibrary.IsAvailable, "the library was not built here (no gcc, or not x86-64), or the kernel refused clone3");

    private static CgroupBackend CreateGroupOrSkip()
    {
        var environment = CgroupV2Environment.Discover(out var problem);
        Assert.SkipWhen(environment is null, problem);
        try
        {
            return CgroupBackend.Create(environment!, limits: null, "test");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            Assert.Skip($"no cgroup v2 group can be made here: {e.Message}");
            throw;
        }
    }

    /// <summary>One call of the library; the strings live in native memory for the call.</summary>
    private static (int Error, int Pid) Spawn(string path, string[] argv, string? directory, int stdout, string? cgroup, int processGroup)
    {
        var strings = new List<nint>();
        nint Native(string value)
        {
            var pointer = Marshal.StringToCoTaskMemUTF8(value);
            strings.Add(pointer);
            return pointer;
        }

        var fd = cgroup is null ? -1 : new CgroupDirectory(cgroup).Open();
        var argvTable = new nint[argv.Length + 1];
        var envpTable = new nint[] { Native("PATH=/usr/bin:/bin"), 0 };
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                argvTable[i] = Native(argv[i]);
            }

            fixed (nint* args = argvTable, envp = envpTable)
            {
                var request = new CgroupSpawnLibrary.Request
                {
                    Path = (byte*)Native(path),
                    Argv = (byte**)args,
                    Envp = (byte**)envp,
                    WorkingDirectory = directory is null ? null : (byte*)Native(directory),
                    StandardInput = -1,
                    StandardOutput = stdout,
                    StandardError = -1,
                    CloseFrom = 3,
                    ProcessGroup = processGroup,
                    Cgroup = fd,
                };
                var error = CgroupSpawnLibrary.Spawn(&request, out var pid);
                Assert.NotEqual(CgroupSpawnLibrary.Refused, error);
                return (error, pid);
            }
        }
        finally
        {
            if (fd >= 0)
            {
                _ = Libc.close(fd);
            }

            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private static int WaitForExit(int pid)
    {
        Assert.Equal(pid, Libc.waitpid(pid, out var status, 0));
        return Libc.DecodeWaitStatus(status).Code ?? -1;
    }
}
