using System.Text;

namespace ProcessKit;

/// <summary>
/// Holds a stream's captured bytes within an optional <see cref="OutputLimit"/>. Never refuses a
/// write (the pipe must always be drained); it only decides what to keep and records what it cut.
/// </summary>
internal sealed class CaptureBuffer
{
    private const int InitialCapacity = 4096;

    /// <summary>Unbounded capture grows by segments below the large-object threshold, never by copying.</summary>
    private const int SegmentSize = 64 * 1024;

    private readonly OutputLimit? _limit;
    private readonly Queue<long>? _lineEnds; // absolute offsets of kept '\n' bytes, for DropOldest by lines
    private byte[] _data = [];
    private int _start;
    private int _length;
    private long _absoluteStart; // how many bytes were ever dropped from the front
    private int _keptLines; // complete lines kept, for DropNewest/Error by lines
    private bool _full;
    private List<byte[]>? _segments; // unbounded capture only; flattened on first read of Data
    private int _lastSegmentUsed;

    internal CaptureBuffer(OutputLimit? limit)
    {
        _limit = limit;
        if (limit is { Overflow: OverflowPolicy.DropOldest, MaxLines: not null })
        {
            _lineEnds = new Queue<long>();
        }
    }

    /// <summary>True when some output was not kept.</summary>
    internal bool Truncated { get; private set; }

    /// <summary>How many bytes are kept.</summary>
    internal int Length => _length;

    /// <summary>The most one capture can hold: one array's worth. More is an overflow whatever the policy.</summary>
    internal static long MaxCapacity => Array.MaxLength;

    /// <summary>True when output passed the limit under <see cref="OverflowPolicy.Error"/>, or passed <see cref="MaxCapacity"/>.</summary>
    internal bool Overflowed => (Truncated && _limit?.Overflow == OverflowPolicy.Error) || CapacityExceeded;

    /// <summary>True when more output came than one capture can hold in memory.</summary>
    internal bool CapacityExceeded { get; private set; }

    /// <summary>The limit that was passed: the command's, or the in-memory capacity.</summary>
    internal OutputLimit? Limit => CapacityExceeded ? new OutputLimit(MaxCapacity, overflow: OverflowPolicy.Error) : _limit;

    /// <summary>The kept bytes, in one block. Valid until the next <see cref="Append"/>.</summary>
    internal ReadOnlyMemory<byte> Data
    {
        get
        {
            Flatten();
            return _data.AsMemory(_start, _length);
        }
    }

    /// <summary>The kept bytes decoded as text, without first copying them into one block.</summary>
    internal string Decode(Encoding encoding)
    {
        if (_segments is null)
        {
            return encoding.GetString(_data, _start, _length);
        }

        var segments = Segments();
        var decoder = encoding.GetDecoder();
        var chars = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            chars += decoder.GetCharCount(segments[i].Span, flush: i == segments.Length - 1);
        }

        decoder.Reset();
        return string.Create(chars, (decoder, segments), static (destination, state) =>
        {
            var written = 0;
            for (var i = 0; i < state.segments.Length; i++)
            {
                written += state.decoder.GetChars(state.segments[i].Span, destination[written..], flush: i == state.segments.Length - 1);
            }
        });
    }

    internal void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty || CapacityExceeded)
        {
            return;
        }

        if ((long)_length + chunk.Length > MaxCapacity)
        {
            // Past what one array holds: keep what was captured, drain the rest, and report it.
            CapacityExceeded = true;
            Truncated = true;
            return;
        }

        switch (_limit)
        {
            case null:
                StoreInSegments(chunk);
                break;
            case { Overflow: OverflowPolicy.DropOldest }:
                AppendKeepingTail(chunk);
                break;
            default:
                AppendKeepingHead(chunk);
                break;
        }
    }

    private void AppendKeepingHead(ReadOnlySpan<byte> chunk)
    {
        if (_full)
        {
            Truncated = true;
            return;
        }

        var take = chunk.Length;
        if (_limit!.MaxBytes is { } maxBytes)
        {
            take = (int)Math.Min(take, maxBytes - _length);
        }

        if (_limit.MaxLines is { } maxLines)
        {
            var scanned = chunk[..take];
            var offset = 0;
            while (offset < scanned.Length)
            {
                var newline = scanned[offset..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                offset += newline + 1;
                if (++_keptLines == maxLines)
                {
                    take = offset;
                    _full = true;
                    break;
                }
            }
        }

        Store(chunk[..take]);
        if (_limit.MaxBytes is { } bytesBound && _length >= bytesBound)
        {
            _full = true;
        }

        if (take < chunk.Length)
        {
            Truncated = true;
        }
    }

    private void AppendKeepingTail(ReadOnlySpan<byte> chunk)
    {
        var maxBytes = _limit!.MaxBytes;
        if (maxBytes is { } bound && chunk.Length > bound)
        {
            // Only the chunk's own tail can survive: skip storing what would be dropped at once.
            DropFront(_length);
            _absoluteStart += chunk.Length - bound;
            chunk = chunk[^(int)bound..];
            Truncated = true;
        }

        if (_lineEnds is not null)
        {
            var baseOffset = _absoluteStart + _length;
            var offset = 0;
            while (offset < chunk.Length)
            {
                var newline = chunk[offset..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                offset += newline + 1;
                _lineEnds.Enqueue(baseOffset + offset - 1);
            }
        }

        Store(chunk);

        if (_lineEnds is not null && _limit.MaxLines is { } maxLines)
        {
            while (CountKeptLines() > maxLines)
            {
                var end = _lineEnds.Dequeue();
                DropFront((int)(end + 1 - _absoluteStart));
            }
        }

        if (maxBytes is { } bytesBound && _length > bytesBound)
        {
            DropFront((int)(_length - bytesBound));
        }
    }

    private int CountKeptLines()
    {
        var complete = _lineEnds!.Count;
        var hasPartialTail = _length > 0 && _data[_start + _length - 1] != (byte)'\n';
        return complete + (hasPartialTail ? 1 : 0);
    }

    private void DropFront(int count)
    {
        if (count <= 0)
        {
            return;
        }

        _start += count;
        _length -= count;
        _absoluteStart += count;
        Truncated = true;
        while (_lineEnds is { Count: > 0 } && _lineEnds.Peek() < _absoluteStart)
        {
            _lineEnds.Dequeue();
        }
    }

    private void StoreInSegments(ReadOnlySpan<byte> chunk)
    {
        _segments ??= [];
        while (!chunk.IsEmpty)
        {
            if (_segments.Count == 0 || _lastSegmentUsed == _segments[^1].Length)
            {
                // Small output stays small: segments start at the initial capacity and double up to SegmentSize.
                var size = _segments.Count == 0 ? InitialCapacity : Math.Min(SegmentSize, _segments[^1].Length * 2);
                _segments.Add(GC.AllocateUninitializedArray<byte>(size));
                _lastSegmentUsed = 0;
            }

            var take = Math.Min(chunk.Length, _segments[^1].Length - _lastSegmentUsed);
            chunk[..take].CopyTo(_segments[^1].AsSpan(_lastSegmentUsed));
            _lastSegmentUsed += take;
            _length += take;
            chunk = chunk[take..];
        }
    }

    /// <summary>The used part of each segment, in order (one empty block when nothing was written).</summary>
    private ReadOnlyMemory<byte>[] Segments()
    {
        var segments = _segments!;
        if (segments.Count == 0)
        {
            return [ReadOnlyMemory<byte>.Empty];
        }

        var result = new ReadOnlyMemory<byte>[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            result[i] = segments[i].AsMemory(0, i == segments.Count - 1 ? _lastSegmentUsed : segments[i].Length);
        }

        return result;
    }

    private void Flatten()
    {
        if (_segments is null)
        {
            return;
        }

        var flat = GC.AllocateUninitializedArray<byte>(_length);
        var offset = 0;
        foreach (var segment in Segments())
        {
            segment.Span.CopyTo(flat.AsSpan(offset));
            offset += segment.Length;
        }

        _data = flat;
        _start = 0;
        _segments = null;
    }

    private void Store(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        EnsureRoom(chunk.Length);
        chunk.CopyTo(_data.AsSpan(_start + _length));
        _length += chunk.Length;
    }

    private void EnsureRoom(int extra)
    {
        if ((long)_start + _length + extra <= _data.Length)
        {
            return;
        }

        var needed = _length + extra;
        if (_start > 0 && needed <= _data.Length / 2)
        {
            // Reclaim the dropped front. Compacting only while at most half full keeps a tail
            // buffer's copying amortised to O(1) per byte.
            _data.AsSpan(_start, _length).CopyTo(_data);
            _start = 0;
            return;
        }

        var capacity = Math.Max(InitialCapacity, _data.Length);
        while (capacity < needed)
        {
            capacity = capacity > Array.MaxLength / 2 ? Array.MaxLength : capacity * 2;
        }

        var grown = GC.AllocateUninitializedArray<byte>(capacity);
        _data.AsSpan(_start, _length).CopyTo(grown);
        _data = grown;
        _start = 0;
    }
}
