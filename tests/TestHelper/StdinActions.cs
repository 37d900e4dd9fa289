using System.Globalization;
using System.Text;

namespace TestHelper;

/// <summary>
/// Actions that read standard input. They share one buffer, so bytes that one action read ahead
/// (for example past the end of a line) are still seen by the next one.
/// </summary>
internal static class StdinActions
{
    private const int BufferSize = 64 * 1024;

    private static readonly byte[] Buffer = new byte[BufferSize];
    private static Stream? _stdin;
    private static int _start;
    private static int _end;

    private static Stream Stdin => _stdin ??= Console.OpenStandardInput(BufferSize);

    /// <summary>Copies stdin to stdout until EOF, a buffer at a time (never all at once).</summary>
    public static void Echo()
    {
        var stdout = StdStreams.StdOut;
        while (Fill())
        {
            stdout.Write(Buffer, _start, _end - _start);
            _start = _end;
        }

        stdout.Flush();
    }

    /// <summary>Reads stdin to EOF and prints how many bytes it held.</summary>
    public static void Count()
    {
        long total = 0;
        while (Fill())
        {
            total += _end - _start;
            _start = _end;
        }

        StdStreams.Out(total.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads one line ("\n" or "\r\n" ended, or cut by EOF) and prints "got: LINE", or "got EOF".</summary>
    public static void ReadLine()
    {
        if (TakeLine() is { } line)
        {
            StdStreams.Out("got: " + line);
        }
        else
        {
            StdStreams.Out("got EOF");
        }
    }

    /// <summary>Reads one line and prints nothing: a gate the test opens when it has seen what came before.</summary>
    public static void AwaitLine() => _ = TakeLine();

    /// <summary>One line ("\n" or "\r\n" ended, or cut by EOF) without its ending, or null at EOF.</summary>
    private static string? TakeLine()
    {
        var line = new List<byte>();
        var sawAny = false;
        while (Fill())
        {
            sawAny = true;
            var newline = Array.IndexOf(Buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.AddRange(new ArraySegment<byte>(Buffer, _start, stop - _start));
            if (newline >= 0)
            {
                _start = newline + 1;
                break;
            }

            _start = _end;
        }

        if (!sawAny)
        {
            return null;
        }

        if (line.Count > 0 && line[^1] == (byte)'\r')
        {
            line.RemoveAt(line.Count - 1);
        }

        return Encoding.UTF8.GetString(line.ToArray());
    }

    /// <summary>Makes sure unread bytes are buffered; false at EOF.</summary>
    private static bool Fill()
    {
        if (_start < _end)
        {
            return true;
        }

        _start = 0;
        _end = Stdin.Read(Buffer, 0, Buffer.Length);
        return _end > 0;
    }
}
