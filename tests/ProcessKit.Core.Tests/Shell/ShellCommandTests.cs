using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Shell;

/// <summary>The explicit shell: only when asked, and by default only for scripts the shell cannot twist.</summary>
public sealed class ShellCommandTests : SpawningTest
{
    [Theory]
    [InlineData(';', "a command separator")]
    [InlineData('|', "a pipe")]
    [InlineData('&', "a background job or a command list")]
    [InlineData('$', "a variable or command substitution")]
    [InlineData('`', "a command substitution")]
    [InlineData('<', "an input redirection")]
    [InlineData('>', "an output redirection")]
    [InlineData('(', "a subshell")]
    [InlineData(')', "a subshell")]
    [InlineData('*', "a file name pattern")]
    [InlineData('?', "a file name pattern")]
    [InlineData('[', "a file name pattern")]
    [InlineData(']', "a file name pattern")]
    [InlineData('{', "a brace expansion or a command group")]
    [InlineData('}', "a brace expansion or a command group")]
    [InlineData('~', "a home directory expansion")]
    [InlineData('!', "a negation or history expansion")]
    [InlineData('#', "a comment, which drops the rest of the line")]
    [InlineData('\'', "a quote")]
    [InlineData('"', "a quote")]
    [InlineData('%', "a cmd.exe variable expansion")]
    [InlineData('^', "a cmd.exe escape character")]
    [InlineData('\n', "a line break, which separates commands")]
    [InlineData('\r', "a line break, which separates commands")]
    [InlineData('\v', "a control character")]
    [InlineData('\u001b', "a control character")]
    public void Each_metacharacter_is_refused_naming_it_and_its_position(char metacharacter, string meaning)
    {
        var script = $"convert input{metacharacter}rm output.png";

        var error = Assert.Throws<UnsafeShellScriptException>(() => Command.Shell(script));

        Assert.Equal(metacharacter, error.Character);
        Assert.Equal(13, error.Position);
        Assert.Equal(meaning, error.Meaning);
        Assert.Equal("script", error.ParamName);
        Assert.Contains("position 13", error.Message, StringComparison.Ordinal);
        Assert.Contains("shell injection", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowShellFeatures: true", error.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(error, exactMatch: false);
    }

    [LinuxFact]
    public void The_backslash_is_refused_where_the_shell_treats_it_as_an_escape()
    {
        var error = Assert.Throws<UnsafeShellScriptException>(() => Command.Shell(@"ls a\ b"));

        Assert.Equal('\\', error.Character);
        Assert.Equal(4, error.Position);
    }

    [Fact]
    public void The_first_metacharacter_is_the_one_reported_and_the_script_is_never_echoed()
    {
        var error = Assert.Throws<UnsafeShellScriptException>(() => Command.Shell("deploy --token=hunter2 | tee log"));

        Assert.Equal('|', error.Character);
        Assert.Equal(23, error.Position);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_separated_by_spaces_and_tabs_pass()
    {
        var command = Command.Shell("git\tlog --oneline -n 5 ./src/Core:main=x,y+z@host.example");

        Assert.Equal(OperatingSystem.IsWindows() ? ["/d", "/s", "/c"] : ["-c"], command.Arguments.Take(command.Arguments.Count - 1));
        Assert.Equal("git\tlog --oneline -n 5 ./src/Core:main=x,y+z@host.example", command.Arguments[^1]);
    }

    [Fact]
    public void Empty_scripts_and_NUL_characters_are_refused_whatever_the_flag()
    {
        Assert.Throws<ArgumentException>(() => Command.Shell("  ", allowShellFeatures: true));
        Assert.Throws<ArgumentNullException>(() => Command.Shell(null!));
        var nul = Assert.Throws<ArgumentException>(() => Command.Shell("echo a\0b", allowShellFeatures: true));
        Assert.Equal("script", nul.ParamName);
    }

    [LinuxFact]
    public async Task A_plain_script_runs_in_sh()
    {
        var command = Command.Shell("echo hello world");

        Assert.Equal("/bin/sh", command.Program);
        Assert.Equal(["-c", "echo hello world"], command.Arguments);
        Assert.Equal("hello world", await Track(command).RunAsync(Token));
    }

    [LinuxFact]
    public async Task Shell_features_work_when_allowed()
    {
        var file = TempPath("words.txt");
        var script = $"printf 'b\\na\\n' | sort > '{file}'; echo \"$(head -n 1 '{file}')\" && exit 4";

        var result = await Track(Command.Shell(script, allowShellFeatures: true)).OutputAsync(Token);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("a", result.StandardOutput.Trim());
        Assert.Equal(["a", "b"], await File.ReadAllLinesAsync(file, Token));
    }
}
