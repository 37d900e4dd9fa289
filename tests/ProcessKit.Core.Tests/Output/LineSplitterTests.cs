using System.Text;

namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// <see cref="LineSplitter"/>: bytes in, lines out (without their endings), whatever the chunking.
/// The encoding is a command's default, so invalid bytes become U+FFFD.
/// </summary>
public sealed class LineSplitterTests
{
    private static readonly Encoding Utf8 = new Command("tool").Encoding;

    [Fact]
    public void Lines_ending_in_LF_are_delivered_without_the_ending()
    {
        Assert.Equal(["one", "two"], Split("one\ntwo\n"));
    }

    [Fact]
    public void Lines_ending_in_CRLF_are_delivered_without_the_ending()
    {
        Assert.Equal(["one", "two"], Split("one\r\ntwo\r\n"));
    }

    [Fact]
    public void CRLF_split_between_writes_is_still_one_ending()
    {
        Assert.Equal(["one", "two"], Split(Bytes("one\r\ntwo\r\n"), 4, 1, 5));
    }

    [Fact]
    public void A_CR_inside_a_line_is_kept()
    {
        Assert.Equal(["a\rb"], Split("a\rb\n"));
    }

    [Fact]
    public void The_last_line_without_a_newline_is_delivered_at_Complete()
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(Utf8, lines.Add);

        splitter.Write(Bytes("first\nlast"));
        Assert.Equal(["first"], lines);

        splitter.Complete();
        Assert.Equal(["first", "last"], lines);
    }

    [Fact]
    public void No_extra_empty_line_is_delivered_after_a_final_newline()
    {
        Assert.Equal(["only"], Split("only\n"));
    }

    [Fact]
    public void Empty_input_delivers_no_lines()
    {
        Assert.Empty(Split(""));
    }

    [Fact]
    public void Empty_lines_are_delivered_as_empty_strings()
    {
        Assert.Equal(["", "a", "", "", "b"], Split("\na\n\n\nb\n"));
        Assert.Equal(["", ""], Split("\r\n\r\n"));
    }

    [Fact]
    public void Lines_are_delivered_as_soon_as_their_newline_arrives()
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(Utf8, lines.Add);

        splitter.Write(Bytes("par"));
        Assert.Empty(lines);
        splitter.Write(Bytes("tial\nnext"));
        Assert.Equal(["partial"], lines);
        splitter.Write(Bytes("\n"));
        Assert.Equal(["partial", "next"], lines);
    }

    [Fact]
    public void A_multi_byte_character_split_across_writes_is_decoded_whole()
    {
        // "é" is C3 A9, "€" is E2 82 AC, "😀" is F0 9F 98 80.
        var input = Bytes("é€😀\n");

        for (var cut = 1; cut < input.Length; cut++)
        {
            Assert.Equal(["é€😀"], Split(input, cut, input.Length));
        }

        Assert.Equal(["é€😀"], Split(input, 1));
    }

    [Fact]
    public void Invalid_bytes_become_the_replacement_character()
    {
        Assert.Equal(["a\uFFFDb", "\uFFFD"], Split([(byte)'a', 0xFF, (byte)'b', (byte)'\n', 0xC3, (byte)'\n'], 1));
    }

    [Fact]
    public void A_truncated_multi_byte_character_at_the_end_becomes_the_replacement_character()
    {
        Assert.Equal(["ok", "\uFFFD"], Split([(byte)'o', (byte)'k', (byte)'\n', 0xE2, 0x82], 1));
    }

    [Fact]
    public void A_huge_line_is_delivered_whole()
    {
        var huge = new string('x', 3 * 1024 * 1024) + "€";
        var input = Bytes(huge + "\nafter\n");

        var lines = Split(input, 65536, 7, 100_000);

        Assert.Equal(2, lines.Count);
        Assert.Equal(huge, lines[0]);
        Assert.Equal("after", lines[1]);
    }

    [Fact]
    public void A_huge_single_write_of_many_lines_delivers_each()
    {
        var expected = Enumerable.Range(0, 50_000).Select(i => "line " + i).ToList();
        var input = Bytes(string.Join("\n", expected));

        Assert.Equal(expected, Split(input, input.Length));
    }

    [Fact]
    public void Another_encoding_is_honoured()
    {
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);

        Assert.Equal(["hé", "x"], Split(utf16.GetBytes("hé\r\nx"), utf16, 3));
    }

    [Fact]
    public void Any_chunking_of_the_same_input_gives_the_same_lines()
    {
        var text = "alpha\r\n\nβeta\ngamma 😀 δ\r\n\r\nlast";
        var input = Bytes(text);
        var expected = Split(input, input.Length);
        var random = new Random(7);

        for (var round = 0; round < 200; round++)
        {
            var sizes = Enumerable.Range(0, 8).Select(_ => random.Next(1, 6)).ToArray();
            Assert.Equal(expected, Split(input, sizes));
        }

        Assert.Equal(["alpha", "", "βeta", "gamma 😀 δ", "", "last"], expected);
    }

    private static List<string> Split(string text) => Split(Bytes(text), int.MaxValue);

    private static List<string> Split(byte[] input, params int[] chunkSizes) => Split(input, Utf8, chunkSizes);

    private static List<string> Split(byte[] input, Encoding encoding, params int[] chunkSizes)
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(encoding, lines.Add);
        var offset = 0;
        for (var i = 0; offset < input.Length; i++)
        {
            var size = Math.Min(chunkSizes[i % chunkSizes.Length], input.Length - offset);
            splitter.Write(input.AsSpan(offset, size));
            offset += size;
        }

        splitter.Complete();
        return lines;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
