using System.Text;

namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// What <see cref="CaptureBuffer"/> keeps of a stream under each <see cref="OverflowPolicy"/>, and
/// that it says when it cut something. The last tests feed the same input in many random
/// chunkings and compare with a naive reference.
/// </summary>
public sealed class CaptureBufferTests
{
    [Fact]
    public void Without_a_limit_everything_is_kept()
    {
        var input = Lines(1000);

        var buffer = Feed(null, input, 7, 1, 4096, 13);

        Assert.Equal(input, Kept(buffer));
        Assert.False(buffer.Truncated);
        Assert.False(buffer.Overflowed);
        Assert.Null(buffer.Limit);
    }

    [Fact]
    public void An_empty_buffer_has_no_data_and_is_not_truncated()
    {
        var buffer = new CaptureBuffer(new OutputLimit(maxBytes: 1));
        buffer.Append([]);

        Assert.True(buffer.Data.IsEmpty);
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_bytes_keeps_the_first_bytes()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 10), Bytes("0123456789abcdef"), 3);

        Assert.Equal("0123456789", Text(buffer));
        Assert.True(buffer.Truncated);
        Assert.False(buffer.Overflowed);
    }

    [Fact]
    public void DropNewest_by_bytes_with_exactly_the_limit_is_not_truncated()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 10), Bytes("0123456789"), 4);

        Assert.Equal("0123456789", Text(buffer));
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_bytes_one_byte_over_is_truncated()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 10), Bytes("0123456789X"), 10, 1);

        Assert.Equal("0123456789", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_lines_with_exactly_N_lines_is_not_truncated()
    {
        var buffer = Feed(new OutputLimit(maxLines: 3), Bytes("a\nb\nc\n"), 1);

        Assert.Equal("a\nb\nc\n", Text(buffer));
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_lines_with_N_lines_the_last_without_newline_is_not_truncated()
    {
        var buffer = Feed(new OutputLimit(maxLines: 3), Bytes("a\nb\nc"), 2);

        Assert.Equal("a\nb\nc", Text(buffer));
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_lines_cuts_a_partial_extra_line()
    {
        var buffer = Feed(new OutputLimit(maxLines: 3), Bytes("a\nb\nc\nd"), 100);

        Assert.Equal("a\nb\nc\n", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_by_lines_cuts_later_chunks_entirely()
    {
        var buffer = new CaptureBuffer(new OutputLimit(maxLines: 2));
        buffer.Append(Bytes("a\nb\n"));
        Assert.False(buffer.Truncated);

        buffer.Append(Bytes("c\n"));

        Assert.Equal("a\nb\n", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropNewest_counts_empty_lines()
    {
        var buffer = Feed(new OutputLimit(maxLines: 2), Bytes("\n\n\nx"), 1);

        Assert.Equal("\n\n", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_bytes_keeps_the_tail_across_many_small_chunks()
    {
        var input = Lines(500);

        var buffer = Feed(new OutputLimit(maxBytes: 100, overflow: OverflowPolicy.DropOldest), input, 1, 2, 3);

        Assert.Equal(input[^100..], Kept(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_bytes_keeps_the_tail_of_one_huge_chunk()
    {
        var input = Lines(100_000);

        var buffer = Feed(new OutputLimit(maxBytes: 1000, overflow: OverflowPolicy.DropOldest), input, input.Length);

        Assert.Equal(input[^1000..], Kept(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_bytes_keeps_the_tail_when_a_huge_chunk_follows_small_ones()
    {
        var small = Bytes("head\n");
        var huge = Lines(10_000);
        var buffer = new CaptureBuffer(new OutputLimit(maxBytes: 64, overflow: OverflowPolicy.DropOldest));

        buffer.Append(small);
        buffer.Append(huge);
        buffer.Append(Bytes("end"));

        Assert.Equal([.. huge[^61..], .. Bytes("end")], Kept(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_bytes_with_exactly_the_limit_is_not_truncated()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 10, overflow: OverflowPolicy.DropOldest), Bytes("0123456789"), 3);

        Assert.Equal("0123456789", Text(buffer));
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_lines_keeps_the_last_N_lines()
    {
        var buffer = Feed(new OutputLimit(maxLines: 2, overflow: OverflowPolicy.DropOldest), Bytes("a\nb\nc\nd\n"), 3);

        Assert.Equal("c\nd\n", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_lines_counts_a_partial_last_line_as_a_line()
    {
        var buffer = Feed(new OutputLimit(maxLines: 2, overflow: OverflowPolicy.DropOldest), Bytes("a\nb\nc\nd"), 1);

        Assert.Equal("c\nd", Text(buffer));
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_lines_with_exactly_N_lines_is_not_truncated()
    {
        var buffer = Feed(new OutputLimit(maxLines: 3, overflow: OverflowPolicy.DropOldest), Bytes("a\nb\nc"), 1);

        Assert.Equal("a\nb\nc", Text(buffer));
        Assert.False(buffer.Truncated);
    }

    [Fact]
    public void DropOldest_by_lines_keeps_the_last_lines_of_a_long_stream()
    {
        var input = Lines(10_000);

        var buffer = Feed(new OutputLimit(maxLines: 5, overflow: OverflowPolicy.DropOldest), input, 4096, 17, 65536);

        Assert.Equal(LastLines(input, 5), Kept(buffer));
        Assert.Equal(5, Kept(buffer).Count(b => b == (byte)'\n'));
    }

    [Fact]
    public void Both_bounds_DropNewest_stops_at_whichever_comes_first()
    {
        var byLines = Feed(new OutputLimit(maxBytes: 100, maxLines: 2), Bytes("a\nb\nc\n"), 1);
        var byBytes = Feed(new OutputLimit(maxBytes: 3, maxLines: 10), Bytes("a\nb\nc\n"), 1);

        Assert.Equal("a\nb\n", Text(byLines));
        Assert.Equal("a\nb", Text(byBytes));
        Assert.True(byLines.Truncated);
        Assert.True(byBytes.Truncated);
    }

    [Fact]
    public void Both_bounds_DropOldest_keeps_the_shorter_tail()
    {
        var byLines = Feed(new OutputLimit(maxBytes: 100, maxLines: 2, overflow: OverflowPolicy.DropOldest), Bytes("a\nb\nc\n"), 1);
        var byBytes = Feed(new OutputLimit(maxBytes: 3, maxLines: 10, overflow: OverflowPolicy.DropOldest), Bytes("aa\nbb\ncc\n"), 2);

        Assert.Equal("b\nc\n", Text(byLines));
        Assert.Equal("cc\n", Text(byBytes));
    }

    [Fact]
    public void Error_keeps_the_head_and_sets_Overflowed()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 4, overflow: OverflowPolicy.Error), Bytes("abcdefgh"), 3);

        Assert.Equal("abcd", Text(buffer));
        Assert.True(buffer.Truncated);
        Assert.True(buffer.Overflowed);
    }

    [Fact]
    public void Error_within_the_limit_does_not_overflow()
    {
        var buffer = Feed(new OutputLimit(maxBytes: 8, maxLines: 2, overflow: OverflowPolicy.Error), Bytes("ab\ncd\n"), 1);

        Assert.Equal("ab\ncd\n", Text(buffer));
        Assert.False(buffer.Truncated);
        Assert.False(buffer.Overflowed);
    }

    [Fact]
    public void Error_by_lines_sets_Overflowed_on_the_extra_line()
    {
        var buffer = Feed(new OutputLimit(maxLines: 1, overflow: OverflowPolicy.Error), Bytes("one\ntwo"), 100);

        Assert.Equal("one\n", Text(buffer));
        Assert.True(buffer.Overflowed);
    }

    [Theory]
    [InlineData(OverflowPolicy.DropNewest)]
    [InlineData(OverflowPolicy.DropOldest)]
    public void Only_the_Error_policy_overflows(OverflowPolicy policy)
    {
        var buffer = Feed(new OutputLimit(maxBytes: 2, overflow: policy), Bytes("abcdef"), 1);

        Assert.True(buffer.Truncated);
        Assert.False(buffer.Overflowed);
    }

    [Fact]
    public void A_large_unlimited_stream_is_kept_whole()
    {
        var input = new byte[3 * 1024 * 1024 + 17];
        new Random(1).NextBytes(input);

        var buffer = Feed(null, input, 65536, 1, 100_000);

        Assert.True(input.AsSpan().SequenceEqual(buffer.Data.Span));
    }

    public static TheoryData<OverflowPolicy, long?, int?> RandomLimits()
    {
        var data = new TheoryData<OverflowPolicy, long?, int?>();
        foreach (var policy in Enum.GetValues<OverflowPolicy>())
        {
            data.Add(policy, 1, null);
            data.Add(policy, 37, null);
            data.Add(policy, 1000, null);
            data.Add(policy, null, 1);
            data.Add(policy, null, 4);
            data.Add(policy, null, 50);
            data.Add(policy, 60, 3);
            data.Add(policy, 500, 20);
            data.Add(policy, 100_000, 100_000);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RandomLimits))]
    public void Random_chunkings_keep_exactly_what_a_naive_reference_keeps(OverflowPolicy policy, long? maxBytes, int? maxLines)
    {
        var limit = new OutputLimit(maxBytes, maxLines, policy);
        var seed = HashCode.Combine(policy, maxBytes, maxLines);
        var random = new Random(seed);
        for (var round = 0; round < 60; round++)
        {
            var input = RandomInput(random);
            var expected = Reference(input, limit);
            var buffer = new CaptureBuffer(limit);
            var offset = 0;
            while (offset < input.Length)
            {
                var size = random.Next(4) switch
                {
                    0 => 1,
                    1 => random.Next(1, 8),
                    2 => random.Next(1, 200),
                    _ => random.Next(1, input.Length + 1),
                };
                size = Math.Min(size, input.Length - offset);
                buffer.Append(input.AsSpan(offset, size));
                offset += size;
            }

            var context = $"seed {seed}, round {round}, input {input.Length} bytes";
            Assert.True(expected.AsSpan().SequenceEqual(buffer.Data.Span), $"{context}: kept '{Escape(buffer.Data.Span)}', expected '{Escape(expected)}'");
            Assert.True(expected.Length < input.Length == buffer.Truncated, $"{context}: Truncated is {buffer.Truncated}");
            Assert.True((buffer.Truncated && policy == OverflowPolicy.Error) == buffer.Overflowed, $"{context}: Overflowed is {buffer.Overflowed}");
        }
    }

    /// <summary>What a limit keeps of <paramref name="input"/>, computed on the whole input at once.</summary>
    private static byte[] Reference(byte[] input, OutputLimit limit)
    {
        if (limit.Overflow == OverflowPolicy.DropOldest)
        {
            // The longest tail within both bounds: whole lines from the end (a partial last line
            // counts as one), then at most maxBytes of that.
            var tail = limit.MaxLines is { } lines ? LastLines(input, lines) : input;
            return limit.MaxBytes is { } bytes && tail.Length > bytes ? tail[^(int)bytes..] : tail;
        }

        // The longest head within both bounds: up to the end of the maxLines-th line, at most maxBytes.
        var head = input.Length;
        if (limit.MaxLines is { } maxLines)
        {
            var seen = 0;
            for (var i = 0; i < input.Length; i++)
            {
                if (input[i] == (byte)'\n' && ++seen == maxLines)
                {
                    head = i + 1;
                    break;
                }
            }
        }

        if (limit.MaxBytes is { } maxBytes)
        {
            head = (int)Math.Min(head, maxBytes);
        }

        return input[..head];
    }

    /// <summary>The last <paramref name="count"/> lines, a partial last line counting as one.</summary>
    private static byte[] LastLines(byte[] input, int count)
    {
        var lineStarts = new List<int>();
        for (var i = 0; i < input.Length; i++)
        {
            if (i == 0 || input[i - 1] == (byte)'\n')
            {
                lineStarts.Add(i);
            }
        }

        return count >= lineStarts.Count ? input : input[lineStarts[^count]..];
    }

    private static byte[] RandomInput(Random random)
    {
        var length = random.Next(6) switch
        {
            0 => random.Next(0, 5),
            1 => random.Next(0, 60),
            2 => random.Next(0, 500),
            _ => random.Next(0, 5000),
        };
        var newlineEvery = random.Next(1, 40);
        var input = new byte[length];
        for (var i = 0; i < length; i++)
        {
            input[i] = random.Next(newlineEvery) == 0 ? (byte)'\n' : (byte)('a' + random.Next(26));
        }

        return input;
    }

    private static CaptureBuffer Feed(OutputLimit? limit, byte[] input, params int[] chunkSizes)
    {
        var buffer = new CaptureBuffer(limit);
        var offset = 0;
        for (var i = 0; offset < input.Length; i++)
        {
            var size = Math.Min(chunkSizes[i % chunkSizes.Length], input.Length - offset);
            buffer.Append(input.AsSpan(offset, size));
            offset += size;
        }

        return buffer;
    }

    private static byte[] Lines(int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append("line ").Append(i).Append('\n');
        }

        return Bytes(builder.ToString());
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Kept(CaptureBuffer buffer) => buffer.Data.ToArray();

    private static string Text(CaptureBuffer buffer) => Encoding.UTF8.GetString(buffer.Data.Span);

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length <= 200 ? text : text[..100] + "..." + text[^100..];
    }
}
