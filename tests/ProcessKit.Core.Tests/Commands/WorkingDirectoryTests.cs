using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>The child's working directory, as the child sees it (<c>print-cwd</c>).</summary>
public sealed class WorkingDirectoryTests : SpawningTest
{
    [LinuxFact]
    public async Task By_default_the_child_runs_in_this_processs_current_directory()
    {
        Assert.Equal(Environment.CurrentDirectory, await Helper("print-cwd").RunAsync(Token));
    }

    [LinuxFact]
    public async Task The_child_runs_in_the_given_directory_even_with_spaces_and_unicode_in_its_name()
    {
        var directory = Directory.CreateDirectory(TempPath("a dir with spaces ✓")).FullName;

        Assert.Equal(directory, await Helper("print-cwd").WithWorkingDirectory(directory).RunAsync(Token));
    }

    [LinuxFact]
    public async Task A_relative_program_path_is_resolved_against_the_working_directory()
    {
        var helperDirectory = Path.GetDirectoryName(TestHelperProgram.Path)!;
        var program = "./" + Path.GetFileName(TestHelperProgram.Path);

        var output = await Track(new Command(program, "print-cwd")).WithWorkingDirectory(helperDirectory).RunAsync(Token);

        Assert.Equal(helperDirectory, output);
    }

    [LinuxFact]
    public async Task A_file_as_the_working_directory_is_reported_as_a_file_not_as_missing()
    {
        var file = TempPath("a-file");
        await File.WriteAllTextAsync(file, "not a directory", Token);

        var error = await Assert.ThrowsAsync<WorkingDirectoryNotADirectoryException>(() => Helper("print-cwd").WithWorkingDirectory(file).OutputAsync(Token));

        Assert.IsAssignableFrom<IOException>(error);
        Assert.IsAssignableFrom<IProcessError>(error);
        Assert.Equal(file, error.Directory);
        Assert.Contains("is a file, not a directory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_directory_removed_after_the_command_was_built_is_reported_when_it_runs()
    {
        var directory = Directory.CreateDirectory(TempPath("short-lived")).FullName;
        var command = Helper("print-cwd").WithWorkingDirectory(directory);
        Directory.Delete(directory);

        var error = await Assert.ThrowsAsync<WorkingDirectoryNotFoundException>(() => command.RunAsync(Token));

        Assert.Equal(directory, error.Directory);
    }
}
