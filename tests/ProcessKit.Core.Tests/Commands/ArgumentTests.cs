using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>Arguments reach the child verbatim, one by one: no shell ever parses them.</summary>
public sealed class ArgumentTests : SpawningTest
{
    [LinuxFact]
    public async Task Arguments_that_a_shell_would_interpret_arrive_verbatim()
    {
        string[] tricky =
        [
            "",
            " ",
            "two words",
            "'single quoted'",
            "\"double quoted\"",
            "$HOME and ${PATH}",
            "$(touch /tmp/processkit-should-not-exist)",
            "`backticks`",
            "*",
            "semi; colon && and || or | pipe > redirect < in",
            "back\\slash",
            "tab\there",
            "ünïcödé ✓ 日本語 🎉",
            "-n",
            "--flag=value",
        ];

        var output = await Helper([.. tricky.SelectMany(argument => new[] { "out", argument })]).OutputAsync(Token);

        Assert.Equal(string.Concat(tricky.Select(argument => argument + "\n")), output.StandardOutput);
        Assert.False(File.Exists("/tmp/processkit-should-not-exist"));
    }

    [LinuxFact]
    public async Task A_newline_inside_an_argument_stays_inside_it()
    {
        var output = await Helper("out", "first line\nsecond line", "exit", "0").OutputAsync(Token);

        Assert.Equal("first line\nsecond line\n", output.StandardOutput);
    }

    [LinuxFact]
    public async Task Thousands_of_arguments_all_arrive_in_order()
    {
        var words = Enumerable.Range(1, 5000).Select(i => $"word{i}").ToArray();

        var output = await Helper([.. words.SelectMany(word => new[] { "out", word })]).OutputAsync(Token);

        Assert.Equal(string.Concat(words.Select(word => word + "\n")), output.StandardOutput);
    }

    [LinuxFact]
    public async Task AddArguments_and_WithArguments_change_what_the_child_receives()
    {
        var command = Helper("out", "first");

        Assert.Equal("first\nsecond", await command.AddArguments("out", "second").RunAsync(Token));
        Assert.Equal("replaced", await command.WithArguments("out", "replaced").RunAsync(Token));
        Assert.Equal("first", await command.RunAsync(Token));
    }

    [LinuxFact]
    public async Task The_child_receives_the_program_as_given_as_its_argv0()
    {
        Assert.SkipWhen(
            Bugs.JoinsCgroupThroughShell,
            Bugs.CgroupShellShim + "argv[0] becomes the resolved path ('/usr/bin/sh') instead of the program as given ('sh'), unlike with process groups.");

        Assert.Equal("sh", await Track(new Command("sh", "-c", "echo \"$0\"")).RunAsync(Token));
    }
}
