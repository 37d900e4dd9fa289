namespace ProcessKit.Core.Tests.Engine;

/// <summary>What the TestHelper's bulk actions write, byte for byte (tests/TestHelper/Generators.cs).</summary>
internal static class HelperOutput
{
    /// <summary>Byte <paramref name="index"/> of <c>out-bytes</c>/<c>err-bytes</c>: 99 letters 'a'..'z' (cycling) then '\n', repeated.</summary>
    public static byte TextByte(long index)
    {
        var column = (int)(index % 100);
        return column == 99 ? (byte)'\n' : (byte)('a' + (column % 26));
    }

    /// <summary>Bytes <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> of <c>out-bytes</c>.</summary>
    public static byte[] Text(long start, int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = TextByte(start + i);
        }

        return bytes;
    }

    /// <summary>True when <paramref name="data"/> is exactly the first <c>data.Length</c> bytes of <c>out-bytes</c>.</summary>
    public static bool IsTextPrefix(ReadOnlySpan<byte> data)
    {
        var period = Text(0, 100);
        for (var offset = 0; offset < data.Length; offset += 100)
        {
            var chunk = data.Slice(offset, Math.Min(100, data.Length - offset));
            if (!chunk.SequenceEqual(period.AsSpan(0, chunk.Length)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"line 1\n" .. "line N\n" for the lines <paramref name="first"/> to <paramref name="last"/>, with <paramref name="prefix"/>.</summary>
    public static string Lines(int first, int last, string prefix = "line ") =>
        string.Concat(Enumerable.Range(first, last - first + 1).Select(i => $"{prefix}{i}\n"));
}
