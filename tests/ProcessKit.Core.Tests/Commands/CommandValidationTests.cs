namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// Bad input fails at the call that supplied it, before anything is spawned, with an
/// <see cref="ArgumentException"/> naming the parameter (issue 2, section 2).
/// </summary>
public sealed class CommandValidationTests
{
    private const string Secret = "s3cr3t-V4lue-do-not-print";

    private static readonly Command Valid = new("tool", "a");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void An_empty_or_whitespace_program_is_rejected(string blank)
    {
        var error = Assert.Throws<ArgumentException>("program", () => new Command(blank));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_the_program_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>("program", () => new Command("to\0ol"));

        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_an_argument_is_rejected_and_the_message_names_its_index()
    {
        var error = Assert.Throws<ArgumentException>("arguments", () => new Command("tool", "ok", "also ok", "b\0d"));

        Assert.Contains("Argument 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_an_argument_is_rejected_by_WithArguments_and_AddArguments()
    {
        var replaced = Assert.Throws<ArgumentException>("arguments", () => Valid.WithArguments("b\0d"));
        var added = Assert.Throws<ArgumentException>("arguments", () => Valid.AddArguments("x", "b\0d"));

        Assert.Contains("Argument 0", replaced.Message, StringComparison.Ordinal);
        Assert.Contains("Argument 1", added.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_for_a_bad_argument_does_not_echo_it()
    {
        var error = Assert.Throws<ArgumentException>("arguments", () => new Command("tool", "--password=" + Secret + "\0"));

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_argument_is_rejected_and_the_message_names_its_index()
    {
        var error = Assert.Throws<ArgumentException>("arguments", () => new Command("tool", "a", null!));
        var added = Assert.Throws<ArgumentException>("arguments", () => Valid.AddArguments(null!, "b"));
        var replaced = Assert.Throws<ArgumentException>("arguments", () => Valid.WithArguments("a", null!));

        Assert.Contains("Argument 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("null", error.Message, StringComparison.Ordinal);
        Assert.Contains("Argument 0", added.Message, StringComparison.Ordinal);
        Assert.Contains("Argument 1", replaced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_variable_name_is_rejected_everywhere_a_name_is_taken()
    {
        Assert.Throws<ArgumentException>("name", () => Valid.WithEnvironment("", "v"));
        Assert.Throws<ArgumentException>("variables", () => Valid.WithEnvironment([new KeyValuePair<string, string>("", "v")]));
        Assert.Throws<ArgumentException>("name", () => Valid.WithoutEnvironment(""));
        Assert.Throws<ArgumentException>("names", () => Valid.InheritEnvironment("PATH", ""));
    }

    [Fact]
    public void An_equals_sign_in_a_variable_name_is_rejected_everywhere_a_name_is_taken()
    {
        var set = Assert.Throws<ArgumentException>("name", () => Valid.WithEnvironment("A=B", "v"));
        Assert.Throws<ArgumentException>("variables", () => Valid.WithEnvironment([new KeyValuePair<string, string>("A=B", "v")]));
        Assert.Throws<ArgumentException>("name", () => Valid.WithoutEnvironment("A=B"));
        Assert.Throws<ArgumentException>("names", () => Valid.InheritEnvironment("A=B"));

        Assert.Contains("'='", set.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_holds_NAME_equals_value_is_rejected_without_printing_the_value()
    {
        // A common slip: WithEnvironment("API_TOKEN=" + token, "") instead of WithEnvironment("API_TOKEN", token).
        var error = Assert.Throws<ArgumentException>("name", () => Valid.WithEnvironment("API_TOKEN=" + Secret, ""));

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_a_variable_name_is_rejected_everywhere_a_name_is_taken()
    {
        var set = Assert.Throws<ArgumentException>("name", () => Valid.WithEnvironment("A\0B", "v"));
        Assert.Throws<ArgumentException>("variables", () => Valid.WithEnvironment([new KeyValuePair<string, string>("A\0B", "v")]));
        Assert.Throws<ArgumentException>("name", () => Valid.WithoutEnvironment("A\0B"));
        Assert.Throws<ArgumentException>("names", () => Valid.InheritEnvironment("A\0B"));

        Assert.Contains("NUL", set.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_a_variable_value_is_rejected_and_the_message_names_the_variable_but_not_the_value()
    {
        var single = Assert.Throws<ArgumentException>("value", () => Valid.WithEnvironment("API_TOKEN", Secret + "\0tail"));
        var many = Assert.Throws<ArgumentException>("variables", () => Valid.WithEnvironment(
            [new KeyValuePair<string, string>("OK", "fine"), new KeyValuePair<string, string>("API_TOKEN", Secret + "\0tail")]));

        foreach (var error in new[] { single, many })
        {
            Assert.Contains("API_TOKEN", error.Message, StringComparison.Ordinal);
            Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("tail", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_null_variable_value_is_rejected()
    {
        Assert.Throws<ArgumentNullException>("value", () => Valid.WithEnvironment("NAME", null!));
        Assert.Throws<ArgumentNullException>("variables", () => Valid.WithEnvironment([new KeyValuePair<string, string>("NAME", null!)]));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-50_000_000L)]
    [InlineData(-10_001L)] // just past Timeout.InfiniteTimeSpan (-10,000 ticks), which removes the timeout instead
    public void A_zero_or_negative_timeout_is_rejected(long ticks)
    {
        Assert.Throws<ArgumentOutOfRangeException>("timeout", () => Valid.WithTimeout(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void A_negative_grace_is_rejected_even_with_an_infinite_timeout()
    {
        Assert.Throws<ArgumentOutOfRangeException>("grace", () => Valid.WithTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("grace", () => Valid.WithTimeout(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_zero_grace_is_allowed()
    {
        var command = Valid.WithTimeout(TimeSpan.FromSeconds(1), TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, command.TimeoutGrace);
    }

    [Fact]
    public void An_empty_or_NUL_working_directory_is_rejected()
    {
        Assert.Throws<ArgumentException>("directory", () => Valid.WithWorkingDirectory(""));
        var nul = Assert.Throws<ArgumentException>("directory", () => Valid.WithWorkingDirectory("/tmp/a\0b"));

        Assert.Contains("NUL", nul.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_success_codes_are_rejected()
    {
        Assert.Throws<ArgumentException>("codes", () => Valid.WithSuccessExitCodes());
        Assert.Throws<ArgumentException>("codes", () => Valid.WithSuccessExitCodes(Array.Empty<int>()));
    }

    [Fact]
    public void An_output_limit_without_any_bound_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>("maxBytes", () => new OutputLimit());

        Assert.Contains("maxLines", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, null, "maxBytes")]
    [InlineData(-1L, null, "maxBytes")]
    [InlineData(long.MinValue, null, "maxBytes")]
    [InlineData(null, 0, "maxLines")]
    [InlineData(null, -1, "maxLines")]
    [InlineData(10L, 0, "maxLines")]
    [InlineData(0L, 10, "maxBytes")]
    public void An_output_limit_with_a_zero_or_negative_bound_is_rejected(long? maxBytes, int? maxLines, string parameter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => new OutputLimit(maxBytes, maxLines));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void An_output_limit_with_an_undefined_policy_is_rejected(int policy)
    {
        Assert.Throws<ArgumentOutOfRangeException>("overflow", () => new OutputLimit(maxBytes: 10, overflow: (OverflowPolicy)policy));
    }

    [Fact]
    public void A_valid_output_limit_keeps_its_values()
    {
        var limit = new OutputLimit(maxBytes: 1, maxLines: 2, overflow: OverflowPolicy.Error);

        Assert.Equal(1, limit.MaxBytes);
        Assert.Equal(2, limit.MaxLines);
        Assert.Equal(OverflowPolicy.Error, limit.Overflow);
        Assert.Equal(OverflowPolicy.DropNewest, new OutputLimit(maxLines: 1).Overflow);
    }

    [Fact]
    public void An_output_file_with_an_empty_or_NUL_path_is_rejected()
    {
        Assert.Throws<ArgumentException>("path", () => OutputTarget.ToFile(""));
        Assert.Throws<ArgumentException>("path", () => OutputTarget.ToFile("a\0b"));
        Assert.Throws<ArgumentNullException>("path", () => OutputTarget.ToFile(null!));
    }

    [Fact]
    public void An_input_file_with_an_empty_or_NUL_path_is_rejected()
    {
        Assert.Throws<ArgumentException>("path", () => StandardInput.FromFile(""));
        Assert.Throws<ArgumentException>("path", () => StandardInput.FromFile("a\0b"));
        Assert.Throws<ArgumentNullException>("path", () => StandardInput.FromFile(null!));
    }

    [Fact]
    public void An_input_stream_that_cannot_be_read_is_rejected()
    {
        using var writeOnly = new WriteOnlyStream();
        var closed = new MemoryStream();
        closed.Dispose();

        Assert.Throws<ArgumentException>("stream", () => StandardInput.FromStream(writeOnly));
        Assert.Throws<ArgumentException>("stream", () => StandardInput.FromStream(closed));
    }

    [Fact]
    public void Null_input_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>("text", () => StandardInput.FromString(null!));
    }

    private sealed class WriteOnlyStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }
    }
}
