using System.Text;

namespace ProcessKit;

/// <summary>
/// Decodes a byte stream incrementally and hands out complete lines without their line ending
/// ("\n" or "\r\n"). Multi-byte characters split across reads are decoded correctly; the last
/// line is handed out at <see cref="Complete"/> even without a final newline.
/// </summary>
internal sealed class LineSplitter
{
    private readonly Decoder _decoder;
    private readonly Action<string> _onLine;
    private readonly StringBuilder _pending = new();
    private char[] _chars = new char[4096];

    internal LineSplitter(Encoding encoding, Action<string> onLine)
    {
        _decoder = encoding.GetDecoder();
        _onLine = onLine;
    }

    internal void Write(ReadOnlySpan<byte> bytes)
    {
        var needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush: false);
        Split(_chars.AsSpan(0, count));
    }

    internal void Complete()
    {
        var count = _decoder.GetChars([], _chars, flush: true);
        Split(_chars.AsSpan(0, count));
        if (_pending.Length > 0)
        {
            Emit();
        }
    }

    private void Split(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            var newline = chars.IndexOf('\n');
            if (newline < 0)
            {
                _pending.Append(chars);
                return;
            }

            _pending.Append(chars[..newline]);
            Emit();
            chars = chars[(newline + 1)..];
        }
    }

    private void Emit()
    {
        if (_pending.Length > 0 && _pending[^1] == '\r')
        {
            _pending.Length--;
        }

        var line = _pending.ToString();
        _pending.Clear();
        _onLine(line);
    }
}
