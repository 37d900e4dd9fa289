using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Spawns that cannot happen fail typed, before anything runs. Each verb's not-found, permission
/// and working-directory failures are in <see cref="VerbTests"/>; the resolution rules are
/// unit-tested on ProgramResolver. These run the real thing end to end.
/// </summary>
public sealed class SpawnFailureTests : SpawningTest
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [LinuxFact]
    public async Task A_bare_name_missing_from_PATH_lists_every_path_searched()
    {
        const string Name = "processkit-no-such-program";
        var path = string.Join(':', TempPath("bin1"), TempPath("bin2"));

        var error = await Assert.ThrowsAsync<ProcessNotFoundException>(() => Track(new Command(Name)).WithEnvironment("PATH", path).RunAsync(Token));

        Assert.Equal([TempPath("bin1/" + Name), TempPath("bin2/" + Name)], error.SearchedPaths);
        Assert.Equal(Name, error.FileName);
        Assert.Contains("PATH", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ExitCode);
        Assert.Null(error.StandardErrorTail);
    }

    [LinuxFact]
    public async Task A_bare_name_is_found_on_the_commands_own_PATH_and_run()
    {
        var bin = Directory.CreateDirectory(TempPath("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "processkit-helper"), TestHelperProgram.Path);

        var output = await Track(new Command("processkit-helper", "out", "found")).WithEnvironment("PATH", bin).RunAsync(Token);

        Assert.Equal("found", output);
    }

    [LinuxFact]
    public async Task A_bare_name_on_PATH_without_execute_permission_throws_ProcessPermissionException()
    {
        var bin = Directory.CreateDirectory(TempPath("bin")).FullName;
        var file = Path.Combine(bin, "processkit-not-executable");
        await File.WriteAllTextAsync(file, "#!/bin/sh\necho hi\n", Token);

        var error = await Assert.ThrowsAsync<ProcessPermissionException>(() => Track(new Command("processkit-not-executable")).WithEnvironment("PATH", bin).RunAsync(Token));

        Assert.Equal(file, error.Path);
        Assert.Contains("chmod +x", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task An_executable_script_with_an_interpreter_line_runs()
    {
        var script = TempPath("script.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho \"script got $1\"\n", Token);
        SetFileMode(script, Executable);

        Assert.Equal("script got arg", await Track(new Command(script, "arg")).RunAsync(Token));
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_script_still_open_for_writing_is_run_once_the_writer_closes_it()
    {
        var script = TempPath("busy.sh");
        var writer = new FileStream(script, FileMode.CreateNew, FileAccess.Write);
        await writer.WriteAsync("#!/bin/sh\necho \"busy script got $1\"\n"u8.ToArray(), Token);
        await writer.FlushAsync(Token);
        SetFileMode(script, Executable);
        var retries = 0;
        void CloseTheWriter(string path)
        {
            if (path == script)
            {
                retries++;
                writer.Dispose(); // the kernel refused the exec while this was open; the next attempt finds it closed
            }
        }

        BusyExecutable.Retrying += CloseTheWriter;
        try
        {
            Assert.Equal("busy script got arg", await Track(new Command(script, "arg")).RunAsync(Token));
        }
        finally
        {
            BusyExecutable.Retrying -= CloseTheWriter;
            await writer.DisposeAsync();
        }

        Assert.True(retries >= 1, "the spawn never found the script busy, so the test proved nothing");
    }

    [LinuxFact]
    public async Task A_script_that_stays_open_for_writing_throws_ProcessSpawnException_with_ETXTBSY_after_the_retries()
    {
        var script = TempPath("always-busy.sh");
        await using var writer = new FileStream(script, FileMode.CreateNew, FileAccess.Write);
        await writer.WriteAsync("#!/bin/sh\necho never\n"u8.ToArray(), Token);
        await writer.FlushAsync(Token);
        SetFileMode(script, Executable);

        var error = await Assert.ThrowsAsync<ProcessSpawnException>(() => Track(new Command(script)).OutputAsync(Token));

        Assert.Equal(26, error.ErrorCode); // ETXTBSY
        Assert.Contains("open for writing", error.Message, StringComparison.Ordinal);
        Assert.Contains(script, error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task An_executable_file_in_an_unknown_format_throws_ProcessSpawnException_and_is_never_run_by_a_shell()
    {
        var file = TempPath("not-a-program");
        var ranAsScript = TempPath("ran-as-a-shell-script");
        await File.WriteAllTextAsync(file, $"touch '{ranAsScript}'\n", Token);
        SetFileMode(file, Executable);

        var error = await Assert.ThrowsAsync<ProcessSpawnException>(() => Track(new Command(file)).OutputAsync(Token));

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(8, error.ErrorCode); // ENOEXEC
        Assert.Equal(file, error.Program);
        Assert.False(File.Exists(ranAsScript), "the file was run as a shell script: no shell unless asked");
    }

    [LinuxFact]
    public async Task An_argument_longer_than_the_kernel_allows_throws_ProcessSpawnException_with_E2BIG()
    {
        var error = await Assert.ThrowsAsync<ProcessSpawnException>(() => Helper("out", new string('x', 200_000)).OutputAsync(Token));

        Assert.Equal(7, error.ErrorCode); // E2BIG: one argument may hold at most 128 KiB
        Assert.Equal(TestHelperProgram.Path, error.Program);
    }

    [LinuxFact]
    public async Task A_script_whose_interpreter_is_missing_throws_ProcessSpawnException_not_not_found()
    {
        var script = TempPath("orphan-script");
        await File.WriteAllTextAsync(script, "#!/no/such/interpreter\n", Token);
        SetFileMode(script, Executable);

        var error = await Assert.ThrowsAsync<ProcessSpawnException>(() => Track(new Command(script)).OutputAsync(Token));

        Assert.Equal(2, error.ErrorCode); // ENOENT, for the interpreter
        Assert.Contains("interpreter", error.Message, StringComparison.Ordinal);
    }
}
