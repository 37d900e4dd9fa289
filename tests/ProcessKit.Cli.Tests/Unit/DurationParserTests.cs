namespace ProcessKit.Cli.Tests.Unit;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 250MS ", 250)]
    public void Parses_a_number_and_a_unit(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("-1s")]
    [InlineData("1.s")]
    [InlineData("1e3s")]
    [InlineData("2 s")]
    [InlineData("2sec")]
    [InlineData("soon")]
    [InlineData("99999999999999h")]
    public void Refuses_anything_else_and_says_what_is_expected(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_duration_longer_than_the_longest_wait_a_timer_takes()
    {
        Assert.True(DurationParser.TryParse("1193h", out var longest, out var error), error);
        Assert.Equal(TimeSpan.FromHours(1193), longest);

        Assert.False(DurationParser.TryParse("1194h", out _, out error));
        Assert.Contains("at most 49.7 days", error, StringComparison.Ordinal);
    }
}
