namespace ProcessKit.Testing.Tests.Doubles;

public sealed class CommandPatternTests
{
    [Fact]
    public void Exact_matches_the_whole_argument_list_and_nothing_longer_or_shorter()
    {
        var pattern = CommandPattern.Exact("git", "status", "--short");

        Assert.True(pattern.Matches(new Command("git", "status", "--short")));
        Assert.False(pattern.Matches(new Command("git", "status")));
        Assert.False(pattern.Matches(new Command("git", "status", "--short", "-b")));
        Assert.False(pattern.Matches(new Command("git", "status", "--SHORT")));
    }

    [Fact]
    public void A_bare_program_name_matches_wherever_the_program_lives_and_a_path_only_itself()
    {
        Assert.True(CommandPattern.Program("git").Matches(new Command("/usr/bin/git", "log")));
        Assert.True(CommandPattern.Program("git").Matches(new Command("./tools/git")));
        Assert.False(CommandPattern.Program("git").Matches(new Command("/usr/bin/gitk")));
        Assert.False(CommandPattern.Program("git").Matches(new Command("/usr/bin/git-lfs")));
        Assert.True(CommandPattern.Program("/usr/bin/git").Matches(new Command("/usr/bin/git")));
        Assert.False(CommandPattern.Program("/usr/bin/git").Matches(new Command("git")));
        Assert.False(CommandPattern.Program("/usr/bin/git").Matches(new Command("/usr/local/bin/git")));
    }

    [Fact]
    public void Prefix_compares_element_by_element_not_as_text()
    {
        var pattern = CommandPattern.Prefix("git", "log", "--oneline");

        Assert.True(pattern.Matches(new Command("git", "log", "--oneline")));
        Assert.True(pattern.Matches(new Command("git", "log", "--oneline", "-n", "5")));
        Assert.False(pattern.Matches(new Command("git", "log")));
        Assert.False(pattern.Matches(new Command("git", "log", "--oneline-graph")));
        Assert.False(pattern.Matches(new Command("git", "log --oneline")));
    }

    [Fact]
    public void Matching_takes_one_anchored_regex_per_argument()
    {
        var pattern = CommandPattern.Matching("kill", "-[0-9]+", @"\d+");

        Assert.True(pattern.Matches(new Command("kill", "-9", "1234")));
        Assert.False(pattern.Matches(new Command("kill", "-9", "12a34")), "the regex must match the whole argument");
        Assert.False(pattern.Matches(new Command("kill", "-9")));
        Assert.False(pattern.Matches(new Command("kill", "-9", "1", "2")));
    }

    [Fact]
    public void A_pattern_without_metacharacters_matches_only_itself()
    {
        var pattern = CommandPattern.Matching("docker", "run", "-d", "img-[0-9]+");

        Assert.True(pattern.Matches(new Command("docker", "run", "-d", "img-42")));
        Assert.False(pattern.Matches(new Command("docker", "runs", "-d", "img-42")));
        Assert.False(pattern.Matches(new Command("docker", "RUN", "-d", "img-42")));
        Assert.Equal("argument 1 'start' does not match /run/", pattern.ExplainMismatch(new Command("docker", "start", "-d", "img-1")));
        Assert.True(CommandPattern.Matching("x", "").Matches(new Command("x", "")));
        Assert.True(CommandPattern.Matching("x", "a b").Matches(new Command("x", "a b")));
        Assert.False(CommandPattern.Matching("x", "a.b").Matches(new Command("x", "a.b.c")));
    }

    [Fact]
    public void An_invalid_regex_is_refused_up_front_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandPattern.Matching("x", "ok", "(unclosed"));

        Assert.Contains("The pattern for argument 2 /(unclosed/ is not a valid regular expression", error.Message, StringComparison.Ordinal);
        Assert.Contains("(unclosed", error.Message, StringComparison.Ordinal);
        Assert.Equal("argumentPatterns", error.ParamName);
    }

    [Fact]
    public void AnyArguments_bounds_the_count()
    {
        var pattern = CommandPattern.AnyArguments("ls", minCount: 1, maxCount: 2);

        Assert.False(pattern.Matches(new Command("ls")));
        Assert.True(pattern.Matches(new Command("ls", "-l")));
        Assert.True(pattern.Matches(new Command("ls", "-l", "/")));
        Assert.False(pattern.Matches(new Command("ls", "-l", "-a", "/")));
        Assert.True(CommandPattern.Program("ls").Matches(new Command("ls")));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandPattern.AnyArguments("ls", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandPattern.AnyArguments("ls", 3, 2));
    }

    [Fact]
    public void Bad_programs_and_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CommandPattern.Exact(""));
        Assert.Throws<ArgumentNullException>(() => CommandPattern.Program(null!));
        var error = Assert.Throws<ArgumentException>(() => CommandPattern.Exact("git", "a", null!));
        Assert.Contains("The pattern's argument 2 is null", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CommandPattern.Where(_ => true, ""));
    }

    [Fact]
    public void Conditions_on_directory_environment_and_input_must_all_hold()
    {
        var directory = Path.GetFullPath("repo-dir");
        var pattern = CommandPattern.Program("deploy")
            .InDirectory(directory)
            .WithEnvironment("STAGE", "prod")
            .WithEnvironment("TOKEN")
            .WithStandardInput("yes\n");
        var command = new Command("deploy")
            .WithWorkingDirectory(directory)
            .WithEnvironment("STAGE", "prod")
            .WithEnvironment("TOKEN", "t")
            .WithStandardInput("yes\n");

        Assert.True(pattern.Matches(command));
        Assert.False(pattern.Matches(command.WithWorkingDirectory("/")));
        Assert.False(pattern.Matches(command.WithEnvironment("STAGE", "dev")));
        Assert.False(pattern.Matches(command.WithoutEnvironment("TOKEN")));
        Assert.False(pattern.Matches(command.WithStandardInput("no\n")));
        Assert.True(pattern.Matches(command.WithStandardInput(StandardInput.FromBytes("yes\n"u8.ToArray()))), "bytes input is compared as text in the command's encoding");
        Assert.False(pattern.Matches(command.WithStandardInput(StandardInput.None)));
    }

    [Fact]
    public void Where_and_And_see_the_whole_command()
    {
        var pattern = CommandPattern.Where(c => c.Arguments.Contains("--dry-run"), "a dry run")
            .And(c => c.Timeout is not null, "has a timeout");

        Assert.True(pattern.Matches(new Command("terraform", "apply", "--dry-run").WithTimeout(TimeSpan.FromMinutes(1))));
        Assert.False(pattern.Matches(new Command("terraform", "apply", "--dry-run")));
        Assert.Equal("fails: has a timeout", pattern.ExplainMismatch(new Command("terraform", "apply", "--dry-run")));
    }

    [Fact]
    public void A_predicate_over_the_input_text()
    {
        var pattern = CommandPattern.Program("psql").WithStandardInput(sql => sql.StartsWith("SELECT", StringComparison.Ordinal), "a query");

        Assert.True(pattern.Matches(new Command("psql").WithStandardInput("SELECT 1")));
        Assert.False(pattern.Matches(new Command("psql").WithStandardInput("DROP TABLE x")));
        Assert.Contains("needs a query", pattern.ExplainMismatch(new Command("psql")), StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainMismatch_says_why_each_part_failed()
    {
        var pattern = CommandPattern.Exact("git", "push", "origin");

        Assert.Null(pattern.ExplainMismatch(new Command("git", "push", "origin")));
        Assert.Equal("program is 'hg', not 'git'", pattern.ExplainMismatch(new Command("hg", "push", "origin")));
        Assert.Equal("argument 1 is 'pull', not 'push'", pattern.ExplainMismatch(new Command("git", "pull", "origin")));
        Assert.Equal("has 3 arguments, not 2 (the pattern is exact; CommandPattern.Prefix allows further arguments)", pattern.ExplainMismatch(new Command("git", "push", "origin", "--force")));
        Assert.Equal("has 1 argument, not 2", pattern.ExplainMismatch(new Command("git", "push")));
        Assert.Equal("has 1 argument, needs at least 2", CommandPattern.Prefix("git", "log", "-p").ExplainMismatch(new Command("git", "log")));
        Assert.Equal("argument 1 'x' does not match /\\d+/", CommandPattern.Matching("kill", @"\d+").ExplainMismatch(new Command("kill", "x")));
        Assert.Equal("has 0 arguments, needs 1 to 2", CommandPattern.AnyArguments("ls", 1, 2).ExplainMismatch(new Command("ls")));
        Assert.Equal("runs in the current directory, not in /srv", CommandPattern.Program("ls").InDirectory("/srv").ExplainMismatch(new Command("ls")));
    }

    [Fact]
    public void Explanations_never_show_secret_arguments_or_environment_values()
    {
        var command = new Command("deploy", "--password=hunter2", "--token", "s3cr3t").WithEnvironment("API_KEY", "k-123");
        var pattern = CommandPattern.Exact("deploy", "--password=x", "--token", "y").WithEnvironment("API_KEY", "other");

        var explanation = pattern.ExplainMismatch(command)!;

        Assert.DoesNotContain("hunter2", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("k-123", explanation, StringComparison.Ordinal);
        Assert.Contains("argument 1 is (redacted), not '--password=x'", explanation, StringComparison.Ordinal);
        Assert.Contains("sets API_KEY to another value", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_the_pattern()
    {
        Assert.Equal("git status --short", CommandPattern.Exact("git", "status", "--short").ToString());
        Assert.Equal("git log …", CommandPattern.Prefix("git", "log").ToString());
        Assert.Equal("git <any arguments>", CommandPattern.Program("git").ToString());
        Assert.Equal("ls <1 to 2 arguments>", CommandPattern.AnyArguments("ls", 1, 2).ToString());
        Assert.Equal("kill /\\d+/", CommandPattern.Matching("kill", @"\d+").ToString());
        Assert.Equal("echo 'a b' ''", CommandPattern.Exact("echo", "a b", "").ToString());
        Assert.Equal("any command (a dry run)", CommandPattern.Where(_ => true, "a dry run").ToString());
        Assert.Equal("any command", CommandPattern.Any.ToString());
    }
}
