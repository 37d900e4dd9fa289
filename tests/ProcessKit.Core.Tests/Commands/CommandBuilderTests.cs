using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// <see cref="Command"/> as an immutable builder: every <c>With...</c> returns a new command and
/// leaves the one it was called on exactly as it was. Nothing here spawns a process.
/// </summary>
public sealed class CommandBuilderTests
{
    public static TheoryData<string> Changes =>
    [
        "WithArguments",
        "AddArguments",
        "WithWorkingDirectory",
        "WithEnvironment",
        "WithEnvironment(variables)",
        "WithoutEnvironment",
        "WithClearedEnvironment",
        "InheritEnvironment",
        "WithStandardInput",
        "WithStandardInput(text)",
        "WithStandardOutput",
        "WithStandardError",
        "WithOutputLimit",
        "WithEncoding",
        "WithTimeout",
        "WithSuccessExitCodes",
        "WithTimeProvider",
    ];

    [Fact]
    public void A_new_command_has_the_documented_defaults()
    {
        var command = new Command("tool", "a", "b");

        Assert.Equal("tool", command.Program);
        Assert.Equal(["a", "b"], command.Arguments);
        Assert.Null(command.WorkingDirectory);
        Assert.Same(StandardInput.None, command.StandardInput);
        Assert.Same(OutputTarget.Capture, command.StandardOutput);
        Assert.Same(OutputTarget.Capture, command.StandardError);
        Assert.Null(command.OutputLimit);
        Assert.Null(command.Timeout);
        Assert.Equal(TimeSpan.Zero, command.TimeoutGrace);
        Assert.Equal([0], command.SuccessExitCodes);
        Assert.Same(TimeProvider.System, command.TimeProvider);
        Assert.Equal(Encoding.UTF8.WebName, command.Encoding.WebName);
        Assert.Empty(command.Encoding.GetPreamble());
        Assert.Same(EnvironmentSpec.Inherit, command.Environment);
    }

    [Fact]
    public void A_command_without_arguments_has_an_empty_list()
    {
        var command = new Command("tool");

        Assert.Empty(command.Arguments);
    }

    [Fact]
    public void The_default_encoding_replaces_invalid_bytes()
    {
        var command = new Command("tool");

        Assert.Equal("a\uFFFDb", command.Encoding.GetString([(byte)'a', 0xFF, (byte)'b']));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_change_returns_a_new_command_and_leaves_the_original_unchanged(string change)
    {
        var original = new Command("tool", "a", "b");
        var before = Snapshot(original);

        var changed = Apply(original, change);

        Assert.NotSame(original, changed);
        Assert.Equal(before, Snapshot(original));
        Assert.NotEqual(before, Snapshot(changed));
    }

    [Fact]
    public void Changes_chain_and_each_step_keeps_its_own_state()
    {
        var first = new Command("tool", "a");
        var second = first.AddArguments("b");
        var third = second.AddArguments("c").WithTimeout(TimeSpan.FromSeconds(5));

        Assert.Equal(["a"], first.Arguments);
        Assert.Equal(["a", "b"], second.Arguments);
        Assert.Equal(["a", "b", "c"], third.Arguments);
        Assert.Null(second.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), third.Timeout);
    }

    [Fact]
    public void A_shared_base_command_can_be_branched_without_interference()
    {
        var common = new Command("git").WithEnvironment("GIT_PAGER", "cat");
        var status = common.WithArguments("status").WithEnvironment("A", "1");
        var log = common.WithArguments("log").WithEnvironment("B", "2");

        Assert.Equal(["status"], status.Arguments);
        Assert.Equal(["log"], log.Arguments);
        Assert.Equal(["GIT_PAGER"], common.Environment.ChangedNames);
        Assert.Equal(["A", "GIT_PAGER"], status.Environment.ChangedNames.Order(StringComparer.Ordinal));
        Assert.Equal(["B", "GIT_PAGER"], log.Environment.ChangedNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WithArguments_replaces_and_AddArguments_appends()
    {
        var command = new Command("tool", "a", "b");

        Assert.Equal(["x"], command.WithArguments("x").Arguments);
        Assert.Empty(command.WithArguments().Arguments);
        Assert.Equal(["a", "b", "c", "d"], command.AddArguments("c", "d").Arguments);
        Assert.Equal(["a", "b"], command.AddArguments().Arguments);
    }

    [Fact]
    public void Arguments_given_as_a_list_are_copied_so_later_changes_to_the_list_do_not_leak_in()
    {
        var list = new List<string> { "a" };
        var command = new Command("tool", list);
        var added = command.AddArguments(list);
        list.Add("b");

        Assert.Equal(["a"], command.Arguments);
        Assert.Equal(["a", "a"], added.Arguments);
    }

    [Fact]
    public void WithWorkingDirectory_stores_a_full_path()
    {
        var command = new Command("tool").WithWorkingDirectory("relative/dir");

        Assert.Equal(Path.GetFullPath("relative/dir"), command.WorkingDirectory);
    }

    [Fact]
    public void WithWorkingDirectory_does_not_require_the_directory_to_exist_yet()
    {
        var missing = Path.Combine(Path.GetTempPath(), "processkit-missing-" + Guid.NewGuid().ToString("N"));

        var command = new Command("tool").WithWorkingDirectory(missing);

        Assert.Equal(missing, command.WorkingDirectory);
    }

    [Fact]
    public void WithTimeout_sets_the_timeout_and_grace()
    {
        var command = new Command("tool").WithTimeout(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(250));

        Assert.Equal(TimeSpan.FromSeconds(3), command.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), command.TimeoutGrace);
    }

    [Fact]
    public void WithTimeout_infinite_removes_a_timeout()
    {
        var timed = new Command("tool").WithTimeout(TimeSpan.FromSeconds(3));

        var untimed = timed.WithTimeout(Timeout.InfiniteTimeSpan);

        Assert.Null(untimed.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(3), timed.Timeout);
    }

    [Fact]
    public void WithSuccessExitCodes_replaces_the_default_and_drops_duplicates()
    {
        var command = new Command("tool").WithSuccessExitCodes(0, 3, 3, 7);

        Assert.Equal([0, 3, 7], command.SuccessExitCodes);
    }

    [Fact]
    public void WithSuccessExitCodes_need_not_include_zero()
    {
        var command = new Command("tool").WithSuccessExitCodes(1);

        Assert.Equal([1], command.SuccessExitCodes);
    }

    [Fact]
    public void WithEncoding_never_throws_on_invalid_bytes_even_for_an_encoding_that_throws_on_them()
    {
        var throwing = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var command = new Command("tool").WithEncoding(throwing);

        Assert.Equal(3, command.Encoding.GetString([(byte)'a', 0xFF, (byte)'b']).Length);
        Assert.Equal(3, DecodeWithDecoder(command.Encoding, [(byte)'a', 0xFF, (byte)'b']).Length);
    }

    [Fact]
    public void WithEncoding_replaces_invalid_bytes_with_U_FFFD_even_for_an_encoding_that_throws_on_them()
    {
        var throwing = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var command = new Command("tool").WithEncoding(throwing);

        Assert.Equal("a\uFFFDb", command.Encoding.GetString([(byte)'a', 0xFF, (byte)'b']));
        Assert.Equal("a\uFFFDb", DecodeWithDecoder(command.Encoding, [(byte)'a', 0xFF, (byte)'b']));
    }

    [Fact]
    public void WithEncoding_replaces_invalid_bytes_with_U_FFFD_for_an_ordinary_encoding()
    {
        var command = new Command("tool").WithEncoding(Encoding.UTF8);

        Assert.Equal("a\uFFFDb", command.Encoding.GetString([(byte)'a', 0xFF, (byte)'b']));
    }

    [Fact]
    public void WithEncoding_does_not_change_the_encoding_object_it_was_given()
    {
        var throwing = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        _ = new Command("tool").WithEncoding(throwing);

        Assert.Throws<DecoderFallbackException>(() => throwing.GetString([0xFF]));
    }

    [Fact]
    public void WithEncoding_keeps_the_encoding_itself()
    {
        var command = new Command("tool").WithEncoding(Encoding.Latin1);

        Assert.Equal(Encoding.Latin1.WebName, command.Encoding.WebName);
        Assert.Equal("\u00e9", command.Encoding.GetString([0xE9]));
    }

    [Fact]
    public void WithStandardInput_text_reads_as_text_input()
    {
        var command = new Command("tool").WithStandardInput("hello");

        Assert.Equal(StandardInputKind.Text, command.StandardInput.Kind);
        Assert.Equal("hello", command.StandardInput.Text);
    }

    [Fact]
    public void StandardInput_is_a_read_only_view_of_its_content()
    {
        var text = StandardInput.FromString("é", Encoding.Latin1);
        Assert.Equal((StandardInputKind.Text, "é", Encoding.Latin1), (text.Kind, text.Text, text.Encoding));
        Assert.Null(StandardInput.FromString("é").Encoding);
        Assert.True(text.Bytes.IsEmpty);

        byte[] content = [1, 2];
        var bytes = StandardInput.FromBytes(content);
        Assert.Equal(StandardInputKind.Bytes, bytes.Kind);
        Assert.Equal(content, bytes.Bytes.ToArray());
        Assert.Null(bytes.Text);

        using var stream = new MemoryStream([9]);
        var streamed = StandardInput.FromStream(stream);
        Assert.Equal(StandardInputKind.Stream, streamed.Kind);
        Assert.Same(stream, streamed.Stream);
        Assert.Null(streamed.FilePath);

        Assert.Equal(StandardInputKind.File, StandardInput.FromFile("in.txt").Kind);
        Assert.Null(StandardInput.FromFile("in.txt").Stream);
        Assert.Equal(StandardInputKind.None, new Command("tool").StandardInput.Kind);
        Assert.Equal(StandardInputKind.Inherit, StandardInput.Inherit.Kind);
        Assert.Equal(StandardInputKind.KeptOpen, new Command("tool").KeepStandardInputOpen().StandardInput.Kind);
    }

    [Fact]
    public void WithOutputLimit_null_removes_a_limit()
    {
        var limited = new Command("tool").WithOutputLimit(new OutputLimit(maxBytes: 10));

        Assert.NotNull(limited.OutputLimit);
        Assert.Null(limited.WithOutputLimit(null).OutputLimit);
    }

    [Fact]
    public void OutputTarget_and_StandardInput_factories_make_full_paths()
    {
        Assert.Equal(Path.GetFullPath("out.txt"), OutputTarget.ToFile("out.txt").FilePath);
        Assert.True(OutputTarget.ToFile("out.txt", append: true).Append);
        Assert.Equal(Path.GetFullPath("in.txt"), StandardInput.FromFile("in.txt").FilePath);
    }

    [Fact]
    public void OutputTarget_is_a_read_only_view_of_where_output_goes()
    {
        Action<string> onLine = _ => { };
        var handled = OutputTarget.ToLineHandler(onLine);
        Assert.Equal(OutputTargetKind.LineHandler, handled.Kind);
        Assert.Same(onLine, handled.LineHandler);
        Assert.Null(handled.FilePath);

        var file = OutputTarget.ToFile("out.txt");
        Assert.Equal((OutputTargetKind.File, false), (file.Kind, file.Append));
        Assert.Null(file.LineHandler);

        var command = new Command("tool").WithStandardError(OutputTarget.Discard);
        Assert.Equal(OutputTargetKind.Capture, command.StandardOutput.Kind);
        Assert.Equal(OutputTargetKind.Discard, command.StandardError.Kind);
        Assert.Equal(OutputTargetKind.Inherit, OutputTarget.Inherit.Kind);
    }

    [Fact]
    public void Null_builder_arguments_throw_ArgumentNullException()
    {
        var command = new Command("tool");

        Assert.Throws<ArgumentNullException>("program", () => new Command(null!));
        Assert.Throws<ArgumentNullException>("arguments", () => new Command("tool", (IEnumerable<string>)null!));
        Assert.Throws<ArgumentNullException>("arguments", () => command.WithArguments(null!));
        Assert.Throws<ArgumentNullException>("arguments", () => command.AddArguments(null!));
        Assert.Throws<ArgumentNullException>("directory", () => command.WithWorkingDirectory(null!));
        Assert.Throws<ArgumentNullException>("name", () => command.WithEnvironment(null!, "v"));
        Assert.Throws<ArgumentNullException>("value", () => command.WithEnvironment("N", null!));
        Assert.Throws<ArgumentNullException>("variables", () => command.WithEnvironment(null!));
        Assert.Throws<ArgumentNullException>("name", () => command.WithoutEnvironment(null!));
        Assert.Throws<ArgumentNullException>("names", () => command.InheritEnvironment(null!));
        Assert.Throws<ArgumentNullException>("input", () => command.WithStandardInput((StandardInput)null!));
        Assert.Throws<ArgumentNullException>("text", () => command.WithStandardInput((string)null!));
        Assert.Throws<ArgumentNullException>("target", () => command.WithStandardOutput(null!));
        Assert.Throws<ArgumentNullException>("target", () => command.WithStandardError(null!));
        Assert.Throws<ArgumentNullException>("encoding", () => command.WithEncoding(null!));
        Assert.Throws<ArgumentNullException>("codes", () => command.WithSuccessExitCodes(null!));
        Assert.Throws<ArgumentNullException>("timeProvider", () => command.WithTimeProvider(null!));
        Assert.Throws<ArgumentNullException>("onLine", () => OutputTarget.ToLineHandler(null!));
        Assert.Throws<ArgumentNullException>("stream", () => StandardInput.FromStream(null!));
    }

    [Fact]
    public void A_failed_change_leaves_the_original_usable_and_unchanged()
    {
        var command = new Command("tool", "a").WithEnvironment("KEPT", "1");
        var before = Snapshot(command);

        Assert.Throws<ArgumentException>(() => command.WithEnvironment(
            [new KeyValuePair<string, string>("GOOD", "1"), new KeyValuePair<string, string>("", "2")]));
        Assert.Throws<ArgumentException>(() => command.AddArguments("ok", "bad\0"));

        Assert.Equal(before, Snapshot(command));
    }

    private static Command Apply(Command command, string change) => change switch
    {
        "WithArguments" => command.WithArguments("x"),
        "AddArguments" => command.AddArguments("c"),
        "WithWorkingDirectory" => command.WithWorkingDirectory(Path.GetTempPath()),
        "WithEnvironment" => command.WithEnvironment("NAME", "value"),
        "WithEnvironment(variables)" => command.WithEnvironment([new KeyValuePair<string, string>("NAME", "value")]),
        "WithoutEnvironment" => command.WithoutEnvironment("NAME"),
        "WithClearedEnvironment" => command.WithClearedEnvironment(),
        "InheritEnvironment" => command.InheritEnvironment("HOME"),
        "WithStandardInput" => command.WithStandardInput(StandardInput.FromBytes(new byte[] { 1, 2 })),
        "WithStandardInput(text)" => command.WithStandardInput("text"),
        "WithStandardOutput" => command.WithStandardOutput(OutputTarget.Discard),
        "WithStandardError" => command.WithStandardError(OutputTarget.Inherit),
        "WithOutputLimit" => command.WithOutputLimit(new OutputLimit(maxLines: 3)),
        "WithEncoding" => command.WithEncoding(Encoding.Latin1),
        "WithTimeout" => command.WithTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
        "WithSuccessExitCodes" => command.WithSuccessExitCodes(0, 1),
        "WithTimeProvider" => command.WithTimeProvider(new FakeTimeProvider()),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown change."),
    };

    /// <summary>Everything observable about a command, in a form that compares by value.</summary>
    private static string Snapshot(Command command) => string.Join(
        " | ",
        command.Program,
        string.Join(",", command.Arguments),
        command.WorkingDirectory ?? "(cwd)",
        command.StandardInput.ToString(),
        command.StandardOutput.ToString(),
        command.StandardError.ToString(),
        command.OutputLimit?.ToString() ?? "(no limit)",
        command.Encoding.WebName,
        command.Timeout?.ToString() ?? "(no timeout)",
        command.TimeoutGrace.ToString(),
        string.Join(",", command.SuccessExitCodes),
        command.TimeProvider.GetType().Name,
        command.Environment.ClearParent.ToString(),
        string.Join(",", command.Environment.InheritedNames),
        string.Join(",", command.Environment.Changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value ?? "(removed)"}")));

    private static string DecodeWithDecoder(Encoding encoding, byte[] bytes)
    {
        var decoder = encoding.GetDecoder();
        var chars = new char[encoding.GetMaxCharCount(bytes.Length)];
        var count = decoder.GetChars(bytes, chars, flush: true);
        return new string(chars, 0, count);
    }
}
