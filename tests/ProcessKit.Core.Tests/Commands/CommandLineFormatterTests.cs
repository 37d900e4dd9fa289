namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// How a command line is shown to people (<see cref="CommandLineFormatter"/>): quoted so it reads
/// unambiguously, with secret-looking values redacted, in every place that shows one: command and
/// result <c>ToString</c>, <see cref="ProcessOutcome.CommandLine"/> and exception messages.
/// </summary>
public sealed class CommandLineFormatterTests
{
    private const string Password = "hunter2-pw";
    private const string Token = "tok-9f8e7d";
    private const string UrlSecret = "url-s3cret";

    private static readonly string[] SecretArguments =
    [
        "--password=" + Password,
        "--token", Token,
        "https://deploy:" + UrlSecret + "@example.com/repo.git",
        "plain",
    ];

    private static readonly string[] Secrets = [Password, Token, UrlSecret];

    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("--flag=value", "--flag=value")]
    [InlineData("path/to/file.txt", "path/to/file.txt")]
    [InlineData("with space", "'with space'")]
    [InlineData("", "''")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("*.cs", "'*.cs'")]
    [InlineData("tab\there", "'tab\there'")]
    [InlineData("line\nbreak", "'line\nbreak'")]
    public void Arguments_are_quoted_only_when_needed(string argument, string shown)
    {
        Assert.Equal("tool " + shown, CommandLineFormatter.Format("tool", [argument]));
    }

    [Fact]
    public void The_program_is_quoted_too()
    {
        Assert.Equal("'/opt/my tools/run' x", CommandLineFormatter.Format("/opt/my tools/run", ["x"]));
    }

    [Fact]
    public void No_arguments_shows_just_the_program()
    {
        Assert.Equal("tool", CommandLineFormatter.Format("tool", []));
    }

    [Theory]
    [InlineData("--password=x", "--password=***")]
    [InlineData("--password=", "--password=***")]
    [InlineData("--password=has space", "--password=***")]
    [InlineData("-password=x", "-password=***")]
    [InlineData("--PASSWORD=x", "--PASSWORD=***")]
    [InlineData("--passwd=x", "--passwd=***")]
    [InlineData("--pwd=x", "--pwd=***")]
    [InlineData("--db-password=x", "--db-password=***")]
    [InlineData("--token=x", "--token=***")]
    [InlineData("--auth-token=x", "--auth-token=***")]
    [InlineData("--client-secret=x", "--client-secret=***")]
    [InlineData("--api-key=x", "--api-key=***")]
    [InlineData("--api_key=x", "--api_key=***")]
    [InlineData("--apikey=x", "--apikey=***")]
    [InlineData("--access-key=x", "--access-key=***")]
    [InlineData("--private-key=x", "--private-key=***")]
    [InlineData("--credential=x", "--credential=***")]
    [InlineData("--auth=x", "--auth=***")]
    public void A_secret_option_with_an_inline_value_has_the_value_redacted(string argument, string shown)
    {
        var formatted = CommandLineFormatter.Format("tool", [argument, "next"]);

        // Whether the redacted argument is quoted is checked separately (see the skipped test below).
        Assert.Equal("tool " + shown + " next", Unquote(formatted));
    }

    [Fact]
    public void A_redacted_argument_is_not_quoted_because_of_the_redaction_marker()
    {
        Assert.Equal(
            "tool --password=*** --token *** https://user:***@host/x",
            CommandLineFormatter.Format("tool", ["--password=x", "--token", "x", "https://user:secret@host/x"]));
    }

    [Theory]
    [InlineData("--token")]
    [InlineData("--password")]
    [InlineData("-password")]
    [InlineData("--api-key")]
    [InlineData("--client-secret")]
    public void A_secret_option_redacts_the_next_argument(string option)
    {
        Assert.Equal($"tool {option} *** next", CommandLineFormatter.Format("tool", [option, "value with space", "next"]));
    }

    [Fact]
    public void Only_the_one_argument_after_a_secret_option_is_redacted()
    {
        Assert.Equal("tool --token *** --verbose file", CommandLineFormatter.Format("tool", ["--token", "x", "--verbose", "file"]));
    }

    [Fact]
    public void A_secret_option_as_the_last_argument_is_shown_as_is()
    {
        Assert.Equal("tool --token", CommandLineFormatter.Format("tool", ["--token"]));
    }

    [Theory]
    [InlineData("https://user:secret@host/x", "https://user:***@host/x")]
    [InlineData("postgres://app:pa:ss@localhost:5432/db", "postgres://app:***@localhost:5432/db")]
    [InlineData("--url=https://user:secret@host/x", "--url=https://user:***@host/x")]
    [InlineData("git+ssh://git:secret@host/repo", "git+ssh://git:***@host/repo")]
    public void The_password_in_a_URL_is_redacted(string argument, string shown)
    {
        Assert.Equal("tool " + shown, Unquote(CommandLineFormatter.Format("tool", [argument])));
    }

    [Fact]
    public void The_password_in_a_URL_with_an_empty_user_is_redacted()
    {
        Assert.Equal("tool redis://:***@localhost:6379/0", CommandLineFormatter.Format("tool", ["redis://:secret@localhost:6379/0"]));
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("--output=out.txt")]
    [InlineData("--author=Alice")]
    [InlineData("--token-file=/run/token")]
    [InlineData("--password-stdin")]
    [InlineData("--client-id=app")]
    [InlineData("https://user@host/x")]
    [InlineData("https://host:8080/x")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("user@example.com")]
    [InlineData("password")]
    [InlineData("GIT_AUTHOR_NAME=Alice")]
    [InlineData("sha256:abc")]
    public void Ordinary_arguments_are_untouched(string argument)
    {
        Assert.Equal("tool " + argument + " next", CommandLineFormatter.Format("tool", [argument, "next"]));
    }

    [Theory]
    [InlineData("--tokens=3", "--tokens=***")]
    [InlineData("--keyboard=us", "--keyboard=***")]
    [InlineData("KEY=value", "KEY=***")]
    public void The_name_rule_errs_towards_secrecy(string argument, string shown)
    {
        // The one name rule (SecretNameRule) is shared with environment variables: a word that
        // contains a secret fragment is secret, so a harmless option is hidden now and then.
        Assert.Equal("tool " + shown, CommandLineFormatter.Format("tool", [argument]));
    }

    [Theory]
    [InlineData("mysql", new[] { "-u", "root", "-pmysql-canary", "db" }, "mysql -u root -p*** db")]
    [InlineData("/usr/bin/mysqldump", new[] { "-pmysql-canary" }, "/usr/bin/mysqldump -p***")]
    [InlineData("redis-cli", new[] { "-a", "redis-canary", "ping" }, "redis-cli -a *** ping")]
    [InlineData("redis-cli", new[] { "--pass", "redis-canary", "ping" }, "redis-cli --pass *** ping")]
    [InlineData("redis-cli", new[] { "-u", "redis://app:redis-canary@host:6379", "ping" }, "redis-cli -u redis://app:***@host:6379 ping")]
    [InlineData("redis-cli", new[] { "CONFIG", "SET", "requirepass", "redis-canary" }, "redis-cli CONFIG SET requirepass ***")]
    [InlineData("redis-cli", new[] { "ACL", "SETUSER", "app", "on", ">redis-canary", "~*" }, "redis-cli ACL SETUSER app on '>***' '~*'")]
    [InlineData("/usr/bin/redis-server", new[] { "--port", "6379", "--requirepass", "redis-canary" }, "/usr/bin/redis-server --port 6379 --requirepass ***")]
    [InlineData("redis-server", new[] { "--masterauth", "redis-canary" }, "redis-server --masterauth ***")]
    [InlineData("redis-server", new[] { "--user", "app", "on", ">redis-canary", "+@all" }, "redis-server --user app on '>***' +@all")]
    [InlineData("curl", new[] { "-u", "me:curl-canary", "https://example.com" }, "curl -u me:*** https://example.com")]
    [InlineData("curl", new[] { "--user=me:curl-canary" }, "curl --user=me:***")]
    [InlineData("sshpass", new[] { "-p", "ssh-canary", "ssh", "host" }, "sshpass -p *** ssh host")]
    [InlineData("sudo", new[] { "mysql", "-pmysql-canary" }, "sudo mysql -p***")]
    [InlineData("curl", new[] { "-H", "Authorization: Bearer bearer-canary" }, "curl -H 'Authorization: Bearer ***'")]
    [InlineData("curl", new[] { "Authorization: Basic basic-canary" }, "curl 'Authorization: Basic ***'")]
    [InlineData("curl", new[] { "-H", "X-Api-Key: key-canary" }, "curl -H 'X-Api-Key: ***'")]
    [InlineData("curl", new[] { "-H", "Cookie: session=cookie-canary; theme=dark" }, "curl -H 'Cookie: ***'")]
    [InlineData("env", new[] { "PASSWORD=env-canary", "tool" }, "env PASSWORD=*** tool")]
    [InlineData("tool", new[] { "--data", "{\"password\":\"json-canary\"}" }, "tool --data '{\"password\":\"***\"}'")]
    [InlineData("tool", new[] { "--password", "abc12", "--echo", "abc12" }, "tool --password *** --echo ***")]
    public void Known_shapes_and_tools_have_their_secrets_redacted(string program, string[] arguments, string shown)
    {
        Assert.Equal(shown, CommandLineFormatter.Format(program, arguments));
    }

    [Theory]
    [InlineData("psql", new[] { "-p", "5432", "-h", "localhost" })]
    [InlineData("mysql", new[] { "-p" })]
    [InlineData("mysql", new[] { "-P", "3306" })]
    [InlineData("curl", new[] { "-u", "justauser" })]
    [InlineData("redis-server", new[] { "-a", "x" })]
    public void A_bare_short_flag_of_another_tool_stays(string program, string[] arguments)
    {
        Assert.Equal(program + " " + string.Join(' ', arguments), CommandLineFormatter.Format(program, arguments));
    }

    [Fact]
    public void Command_ToString_is_the_formatted_redacted_command_line()
    {
        var command = new Command("deploy tool", SecretArguments);

        Assert.Equal(CommandLineFormatter.Format("deploy tool", SecretArguments), command.ToString());
        Assert.Equal(
            "deploy tool --password=*** --token *** https://deploy:***@example.com/repo.git plain",
            Unquote(command.ToString()));
        AssertNoSecret(command.ToString());
    }

    [Fact]
    public void ProcessResult_CommandLine_Status_and_ToString_use_the_redacted_command_line()
    {
        var result = new ProcessResult
        {
            Program = "tool",
            Arguments = SecretArguments,
            ExitCode = 3,
            Duration = TimeSpan.FromMilliseconds(12),
            StandardOutput = "",
            StandardError = "",
        };

        Assert.Equal(CommandLineFormatter.Format("tool", SecretArguments), result.CommandLine);
        Assert.Equal("exited with code 3", result.Status);
        Assert.StartsWith(result.CommandLine + ": exited with code 3 after ", result.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(" ms", result.ToString(), StringComparison.Ordinal);
        AssertNoSecret(result.ToString());
    }

    [Fact]
    public void BytesResult_CommandLine_is_redacted_too()
    {
        var result = new BytesResult
        {
            Program = "tool",
            Arguments = SecretArguments,
            ExitCode = 0,
            StandardOutput = ReadOnlyMemory<byte>.Empty,
            StandardError = ReadOnlyMemory<byte>.Empty,
        };

        AssertNoSecret(result.CommandLine);
        AssertNoSecret(result.ToString());
    }

    [Fact]
    public void Exception_messages_never_contain_a_redacted_value()
    {
        var failed = Result(exitCode: 1);
        var timedOut = Result(exitCode: null, timedOut: true);
        var signalled = Result(exitCode: null, signal: 9);

        Exception[] errors =
        [
            Assert.Throws<ProcessExitException>(() => failed.EnsureSuccess()),
            Assert.Throws<ProcessExitException>(() => signalled.EnsureSuccess()),
            Assert.Throws<ProcessTimeoutException>(() => timedOut.EnsureSuccess()),
            new OutputTooLargeException(failed, "standard output", new OutputLimit(maxBytes: 10)),
            new ProcessNotFoundException("tool", SecretArguments, ["/usr/bin/tool"]),
            new ProcessPermissionException("tool", SecretArguments, "/usr/bin/tool", "it is not executable"),
            new ProcessSpawnException("tool", SecretArguments, 8, "Exec format error"),
            new ProcessUnsupportedException("tool", SecretArguments, "Job objects"),
            new WorkingDirectoryNotFoundException("tool", SecretArguments, "/missing"),
        ];

        foreach (var error in errors)
        {
            AssertNoSecret(error.Message);
            AssertNoSecret(error.ToString());
        }
    }

    [Fact]
    public void Exception_messages_show_the_redacted_command_line()
    {
        var error = Assert.Throws<ProcessExitException>(() => Result(exitCode: 1).EnsureSuccess());

        Assert.Contains(CommandLineFormatter.Format("tool", SecretArguments), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_structured_fields_still_hold_the_real_arguments()
    {
        var error = Assert.Throws<ProcessExitException>(() => Result(exitCode: 1).EnsureSuccess());

        Assert.Equal(SecretArguments, error.Arguments);
    }

    private static ProcessResult Result(int? exitCode, bool timedOut = false, int? signal = null) => new()
    {
        Program = "tool",
        Arguments = SecretArguments,
        ExitCode = exitCode,
        TimedOut = timedOut,
        Signal = signal,
        Duration = TimeSpan.FromSeconds(1),
        StandardOutput = "some output",
        StandardError = "some error",
    };

    /// <summary>The command line with shell quotes removed (for arguments that hold no quote of their own).</summary>
    private static string Unquote(string commandLine) => commandLine.Replace("'", "", StringComparison.Ordinal);

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
