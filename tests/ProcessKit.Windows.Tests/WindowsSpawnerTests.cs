using System.Text.Json;
using ProcessKit.Windows.Tests.Infrastructure;

namespace ProcessKit.Windows.Tests;

/// <summary>The native Windows spawner through the public verbs: streams, exit codes, environment, errors.</summary>
public sealed class WindowsSpawnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [WindowsFact]
    public async Task Cmd_echo_is_captured()
    {
        var result = await new Command("cmd.exe", "/c", "echo", "hello").OutputAsync(Token);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello", result.StandardOutput.TrimEnd());
    }

    [WindowsFact]
    public async Task Exit_codes_are_reported()
    {
        Assert.Equal(3, await new Command("cmd.exe", "/c", "exit 3").ExitCodeAsync(Token));
        Assert.Equal(42, await WindowsHelper.Command("exit", "42").ExitCodeAsync(Token));
    }

    [WindowsFact]
    public async Task Stdout_and_stderr_are_captured_apart()
    {
        var result = await WindowsHelper.Command("out", "to stdout", "err", "to stderr", "exit", "5").OutputAsync(Token);
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("to stdout\n", result.StandardOutput);
        Assert.Equal("to stderr\n", result.StandardError);
    }

    [WindowsFact]
    public async Task Stdin_is_fed_through_a_pipe_and_closed()
    {
        var input = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n"));
        var result = await WindowsHelper.Command("echo-stdin").WithStandardInput(input).OutputAsync(Token);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutput);
    }

    [WindowsFact]
    public async Task A_child_without_input_reads_end_of_file()
    {
        var result = await WindowsHelper.Command("echo-stdin", "out", "done").OutputAsync(Token);
        Assert.Equal("done\n", result.StandardOutput);
    }

    [WindowsFact]
    public async Task Files_are_handed_to_the_child_directly()
    {
        using var temp = new TempDirectory();
        var input = temp.File("in.txt");
        var output = temp.File("out.txt");
        await File.WriteAllTextAsync(input, "from a file\n", Token);

        await WindowsHelper.Command("echo-stdin").WithStandardInput(StandardInput.FromFile(input))
            .WithStandardOutput(OutputTarget.ToFile(output)).ExitCodeAsync(Token);
        await WindowsHelper.Command("out", "appended").WithStandardOutput(OutputTarget.ToFile(output, append: true)).ExitCodeAsync(Token);
        Assert.Equal("from a file\nappended\n", await File.ReadAllTextAsync(output, Token));

        await WindowsHelper.Command("out", "replaced").WithStandardOutput(OutputTarget.ToFile(output)).ExitCodeAsync(Token);
        Assert.Equal("replaced\n", await File.ReadAllTextAsync(output, Token));
    }

    [WindowsFact]
    public async Task Stdout_and_stderr_to_one_file_share_it()
    {
        using var temp = new TempDirectory();
        var output = temp.File("both.txt");
        await WindowsHelper.Command("out", "one", "err", "two", "out", "three")
            .WithStandardOutput(OutputTarget.ToFile(output)).WithStandardError(OutputTarget.ToFile(output)).ExitCodeAsync(Token);
        Assert.Equal("one\ntwo\nthree\n", await File.ReadAllTextAsync(output, Token));
    }

    [WindowsFact]
    public async Task Discarded_output_goes_to_the_null_device()
    {
        var result = await WindowsHelper.Command("out", "lost", "err", "lost too", "exit", "7")
            .WithStandardOutput(OutputTarget.Discard).WithStandardError(OutputTarget.Discard).OutputAsync(Token);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
    }

    [WindowsFact]
    public async Task Environment_and_working_directory_come_from_the_command()
    {
        using var temp = new TempDirectory();
        var result = await WindowsHelper.Command("print-env", "PK_TEST_VALUE", "print-env", "PK_NOT_SET", "print-cwd")
            .WithEnvironment("PK_TEST_VALUE", "a value with spaces")
            .WithWorkingDirectory(temp.Path)
            .OutputAsync(Token);
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("a value with spaces", lines[0]);
        Assert.Equal("<unset>", lines[1]);
        Assert.Equal(Path.TrimEndingDirectorySeparator(temp.Path), Path.TrimEndingDirectorySeparator(lines[2]), ignoreCase: true);
    }

    [WindowsFact]
    public async Task A_cleared_environment_is_empty()
    {
        var result = await WindowsHelper.Command("print-env", "PATH").WithClearedEnvironment().OutputAsync(Token);
        Assert.Equal("<unset>\n", result.StandardOutput);
    }

    [WindowsTheory]
    [MemberData(nameof(WindowsCommandLineTests.TrickyArguments), MemberType = typeof(WindowsCommandLineTests))]
    public async Task Arguments_reach_the_child_exactly(string argument)
    {
        string[] arguments = ["first", argument, "", "last\\"];
        var result = await WindowsHelper.Command(["print-args", .. arguments]).OutputAsync(Token);
        Assert.Equal(arguments, JsonSerializer.Deserialize<string[]>(result.StandardOutput));
    }

    [WindowsFact]
    public async Task A_missing_program_is_not_found()
    {
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => new Command(@"C:\no\such\program.exe").OutputAsync(Token));
        await Assert.ThrowsAsync<ProcessNotFoundException>(() => new Command("no-such-program-anywhere").OutputAsync(Token));
    }

    [WindowsFact]
    public async Task A_file_that_is_not_a_program_fails_to_spawn()
    {
        using var temp = new TempDirectory();
        var fake = temp.File("fake.exe");
        await File.WriteAllTextAsync(fake, "not a program", Token);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => new Command(fake).OutputAsync(Token));
        Assert.True(error is ProcessSpawnException or ProcessPermissionException, error.ToString());
    }

    [WindowsFact]
    public async Task A_batch_file_runs_but_refuses_cmd_metacharacters()
    {
        using var temp = new TempDirectory();
        var batch = temp.File("echo.cmd");
        await File.WriteAllTextAsync(batch, "@echo %~1\r\n", Token);
        var result = await new Command(batch, "safe-argument").OutputAsync(Token);
        Assert.Equal("safe-argument", result.StandardOutput.TrimEnd());
        await Assert.ThrowsAsync<ProcessUnsupportedException>(() => new Command(batch, "a&calc.exe").OutputAsync(Token));
    }

    [WindowsFact]
    public async Task Many_concurrent_runs_keep_their_own_pipes()
    {
        var runs = Enumerable.Range(0, 16).Select(i => WindowsHelper.Command("out", $"run {i}").OutputAsync(Token)).ToList();
        var results = await Task.WhenAll(runs);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"run {i}\n", results[i].StandardOutput);
        }
    }
}
