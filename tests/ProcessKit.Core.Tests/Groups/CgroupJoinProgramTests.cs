using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The cgroup join program (src/Core/Native/cgroup-join.c) on its own: it writes "0" into each
/// cgroup.procs path it is given, in order, then execs the program with the argv[0] the command
/// gave; it fails with the shell shim's exit codes before the program runs. Regular files stand in
/// for cgroup.procs, so what it wrote can be read back. And where it is looked for.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CgroupJoinProgramTests : SpawningTest
{
    /// <summary>The program as the build put it beside the tests, or null where it was not built (no gcc, not x86-64).</summary>
    private static string? Built => OperatingSystem.IsLinux() ? CgroupJoinProgram.Find([Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")]) : null;

    private static bool GccPresent =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "gcc")));

    [LinuxFact]
    public void The_build_ships_the_join_program_where_gcc_builds_it()
    {
        Assert.SkipUnless(GccPresent && RuntimeInformation.OSArchitecture == Architecture.X64, "the join program is built by gcc on x86-64 only");

        Assert.NotNull(Built);
        Assert.Equal(Built, CgroupJoinProgram.Path);
    }

    [LinuxFact]
    public async Task It_joins_every_path_in_order_then_runs_the_program_with_argv0_as_given()
    {
        var program = RequireBuilt();
        string[] procs = [TempPath("first.procs"), TempPath("second.procs")];
        foreach (var file in procs)
        {
            File.WriteAllText(file, "");
        }

        var argv0 = await Track(new Command(program, ["2", .. procs, "/bin/sh", "custom-name", "-c", "tr '\\0' '\\n' < /proc/$$/cmdline | head -n 1"])).RunAsync(Token);

        Assert.Equal("custom-name", argv0);
        Assert.All(procs, file => Assert.Equal("0", File.ReadAllText(file)));
    }

    [LinuxFact]
    public async Task A_failed_join_exits_125_before_the_program_runs()
    {
        var program = RequireBuilt();
        File.WriteAllText(TempPath("first.procs"), "");

        var result = await Track(new Command(program, "2", TempPath("first.procs"), TempPath("missing/cgroup.procs"), "/bin/sh", "sh", "-c", "echo ran > \"$0\"", TempPath("ran")))
            .OutputAsync(Token);

        Assert.Equal(125, result.ExitCode);
        Assert.False(File.Exists(TempPath("ran")));
    }

    [LinuxTheory]
    [InlineData(new[] { "x" }, 125)]
    [InlineData(new[] { "0", "/bin/true", "true" }, 125)]
    [InlineData(new[] { "1", "/dev/null", "/no/such/program", "program" }, 127)]
    [InlineData(new[] { "1", "/dev/null", "/dev/null", "null" }, 126)]
    public async Task A_malformed_command_line_or_a_program_it_cannot_run_fails_with_the_shims_exit_codes(string[] arguments, int exitCode)
    {
        var result = await Track(new Command(RequireBuilt(), arguments)).OutputAsync(Token);

        Assert.Equal(exitCode, result.ExitCode);
    }

    [LinuxFact]
    public void Find_passes_over_a_directory_without_it_and_gives_back_execute_bits_a_copy_lost()
    {
        var program = RequireBuilt();
        var copy = Directory.CreateDirectory(TempPath("copy")).FullName;
        File.Copy(program, Path.Combine(copy, CgroupJoinProgram.FileName));
        SetFileMode(Path.Combine(copy, CgroupJoinProgram.FileName), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var found = CgroupJoinProgram.Find([TempPath("empty"), copy]);

        Assert.Equal(Path.Combine(copy, CgroupJoinProgram.FileName), found);
        Assert.True(File.GetUnixFileMode(found!).HasFlag(UnixFileMode.UserExecute));
        Assert.Null(CgroupJoinProgram.Find([TempPath("empty")]));
    }

    private static string RequireBuilt()
    {
        Assert.SkipWhen(Built is null, "the join program was not built here (no gcc, or not x86-64)");
        return Built!;
    }
}
