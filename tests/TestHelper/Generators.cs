using System.Globalization;

namespace TestHelper;

/// <summary>Bulk output with exact, predictable content, written in 64 KiB chunks.</summary>
internal static class Generators
{
    private const int ChunkSize = 64 * 1024;
    private const int TextPeriod = 100;

    /// <summary>Writes "PREFIX1" .. "PREFIXn", one per line, through one large buffer.</summary>
    public static void Lines(Stream stream, string prefix, long count)
    {
        using var writer = StdStreams.NewWriter(stream, ChunkSize);
        for (long i = 1; i <= count; i++)
        {
            writer.Write(prefix);
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }

        writer.Flush();
    }

    /// <summary>
    /// Writes exactly <paramref name="count"/> bytes: lines of 99 letters 'a'..'z' (cycling,
    /// restarting at 'a' on each line) each followed by '\n', so byte i is '\n' exactly when
    /// i % 100 == 99. The last line is cut wherever the count ends.
    /// </summary>
    public static void Text(Stream stream, long count)
    {
        // One period longer than a chunk, so any chunk can start at any phase of the pattern.
        var pattern = new byte[ChunkSize + TextPeriod];
        for (var i = 0; i < pattern.Length; i++)
        {
            var column = i % TextPeriod;
            pattern[i] = column == TextPeriod - 1 ? (byte)'\n' : (byte)('a' + (column % 26));
        }

        WritePattern(stream, pattern, TextPeriod, count);
    }

    /// <summary>Writes exactly <paramref name="count"/> raw bytes 0, 1, .., 255, 0, 1, ...</summary>
    public static void Binary(Stream stream, long count)
    {
        var pattern = new byte[ChunkSize];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)i;
        }

        WritePattern(stream, pattern, 256, count);
    }

    private static void WritePattern(Stream stream, byte[] pattern, int period, long count)
    {
        long written = 0;
        while (written < count)
        {
            var phase = (int)(written % period);
            var length = (int)Math.Min(ChunkSize, count - written);
            stream.Write(pattern, phase, length);
            written += length;
        }

        stream.Flush();
    }
}
