using System.Text;

namespace TestHelper;

/// <summary>
/// The process's standard streams, opened raw. We bypass <c>Console.Out</c> on purpose: its
/// setup (encoding and terminal detection) costs start-up time, and text and raw bytes must
/// interleave in exactly the order the actions ask for. Every text write is flushed at once, so
/// a raw write that follows never overtakes it.
/// </summary>
internal static class StdStreams
{
    private static Stream? _stdOut;
    private static Stream? _stdErr;
    private static StreamWriter? _outWriter;
    private static StreamWriter? _errWriter;
    private static UTF8Encoding? _utf8NoBom;

    public static Stream StdOut => _stdOut ??= Console.OpenStandardOutput();

    public static Stream StdErr => _stdErr ??= Console.OpenStandardError();

    private static StreamWriter OutWriter => _outWriter ??= NewWriter(StdOut);

    private static StreamWriter ErrWriter => _errWriter ??= NewWriter(StdErr);

    /// <summary>A UTF-8 writer without BOM that writes '\n' line ends on every platform.</summary>
    public static StreamWriter NewWriter(Stream stream, int bufferSize = 4096) =>
        new(stream, _utf8NoBom ??= new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize, leaveOpen: true) { NewLine = "\n", AutoFlush = false };

    public static void Out(string text) => WriteLine(OutWriter, text);

    public static void Error(string text) => WriteLine(ErrWriter, text);

    public static void OutNoNewline(string text)
    {
        OutWriter.Write(text);
        OutWriter.Flush();
    }

    public static void OutRaw(ReadOnlySpan<byte> bytes)
    {
        StdOut.Write(bytes);
        StdOut.Flush();
    }

    public static void FlushAll()
    {
        _outWriter?.Flush();
        _errWriter?.Flush();
        _stdOut?.Flush();
        _stdErr?.Flush();
    }

    private static void WriteLine(StreamWriter writer, string text)
    {
        writer.Write(text);
        writer.Write('\n');
        writer.Flush();
    }
}
