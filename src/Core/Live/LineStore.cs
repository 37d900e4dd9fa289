using System.Runtime.CompilerServices;

namespace ProcessKit;

/// <summary>
/// The lines of a started process between the pipe and their readers: a bounded queue of unread
/// lines per stream (each line read once, by whichever view takes it), a window of recent lines
/// for error messages, and observers that see every line as it arrives (readiness probes, log
/// relays). Lines carry a sequence number assigned under one lock, so the merged view is ordered
/// as the lines arrived.
/// </summary>
internal sealed class LineStore
{
    /// <summary>How many recent lines (both streams) are kept for error messages and late observers.</summary>
    internal const int RecentCapacity = 200;

    private readonly Lock _gate = new();
    private readonly UnreadLineBuffer _bound;
    private readonly StreamQueue _output = new();
    private readonly StreamQueue _error = new();
    private readonly Queue<OutputLine> _recent = new();
    private Action<OutputLine>[] _observers = [];
    private TaskCompletionSource? _waiter;
    private long _sequence;
    private long _dropped;
    private bool _completed;

    private readonly Action<Exception> _observerFailed;

    /// <param name="bound">The bound on unread lines per stream.</param>
    /// <param name="observerFailed">Told of an exception an observer threw; that observer is removed.</param>
    internal LineStore(UnreadLineBuffer bound, Action<Exception> observerFailed)
    {
        _bound = bound;
        _observerFailed = observerFailed;
    }

    internal long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The most recent lines of both streams, oldest first.</summary>
    internal IReadOnlyList<OutputLine> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>Adds a line: queued for readers under the bound, remembered as recent, shown to every observer.</summary>
    internal void Add(OutputLine line)
    {
        Action<OutputLine>[] observers;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            Enqueue(line.Source == OutputSource.StandardOutput ? _output : _error, line);
            _recent.Enqueue(line);
            if (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }

            observers = _observers;
            Pulse();
        }

        foreach (var observer in observers)
        {
            if (!TryNotify(observer, line))
            {
                Unobserve(observer);
            }
        }
    }

    /// <summary>No more lines will come: readers end once they have read what is queued.</summary>
    internal void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Pulse();
        }
    }

    /// <summary>
    /// Calls <paramref name="observer"/> with every line from now on (and first with the recent
    /// window when <paramref name="includeRecent"/>), each line exactly once. Disposing the result stops it.
    /// </summary>
    internal IDisposable Observe(Action<OutputLine> observer, bool includeRecent)
    {
        // The history is replayed under the lock, so no new line can reach the observer before
        // the older ones: Add takes the same lock before it hands a line out.
        lock (_gate)
        {
            if (includeRecent)
            {
                foreach (var line in _recent.ToArray())
                {
                    if (!TryNotify(observer, line))
                    {
                        return new Subscription(this, observer);
                    }
                }
            }

            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Reads unread lines of <paramref name="stream"/>, or of both streams in arrival order when null.</summary>
    internal async IAsyncEnumerable<OutputLine> ReadAsync(OutputSource? stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            OutputLine line;
            bool taken;
            Task? changed = null;
            lock (_gate)
            {
                taken = TryTake(stream, out line);
                if (!taken)
                {
                    ThrowIfOverflowed(stream);
                    changed = _completed ? null : (_waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }

            if (taken)
            {
                yield return line;
            }
            else if (changed is null)
            {
                yield break;
            }
            else
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Wakes the readers waiting for a line, if any (no allocation when nobody waits).</summary>
    private void Pulse()
    {
        _waiter?.TrySetResult();
        _waiter = null;
    }

    private void Enqueue(StreamQueue queue, OutputLine line)
    {
        var entry = (++_sequence, line);
        if (queue.Overflowed || (queue.Lines.Count >= _bound.Capacity && _bound.WhenFull != UnreadLinePolicy.KeepAll))
        {
            switch (_bound.WhenFull)
            {
                case UnreadLinePolicy.DropOldest when !queue.Overflowed:
                    queue.Lines.Dequeue();
                    queue.Lines.Enqueue(entry);
                    break;
                case UnreadLinePolicy.Fail:
                    queue.Overflowed = true;
                    break;
                default:
                    break;
            }

            Interlocked.Increment(ref _dropped);
            return;
        }

        queue.Lines.Enqueue(entry);
    }

    private bool TryTake(OutputSource? stream, out OutputLine line)
    {
        var queue = stream switch
        {
            OutputSource.StandardOutput => _output,
            OutputSource.StandardError => _error,
            _ when _output.Lines.Count == 0 => _error,
            _ when _error.Lines.Count == 0 => _output,
            _ => _output.Lines.Peek().Sequence < _error.Lines.Peek().Sequence ? _output : _error,
        };
        if (queue.Lines.TryDequeue(out var entry))
        {
            line = entry.Line;
            return true;
        }

        line = default;
        return false;
    }

    private void ThrowIfOverflowed(OutputSource? stream)
    {
        OutputSource? overflowed = stream switch
        {
            OutputSource.StandardOutput => _output.Overflowed ? OutputSource.StandardOutput : null,
            OutputSource.StandardError => _error.Overflowed ? OutputSource.StandardError : null,
            _ => _output.Overflowed ? OutputSource.StandardOutput : _error.Overflowed ? OutputSource.StandardError : null,
        };
        if (overflowed is { } which)
        {
            throw new UnreadLinesOverflowException(
                $"More than {_bound.Capacity} unread lines arrived on standard {(which == OutputSource.StandardOutput ? "output" : "error")} under the policy Fail (Command.WithUnreadLineBuffer).")
            {
                OutputSource = which,
                Capacity = _bound.Capacity,
            };
        }
    }

    /// <summary>Hands a line to an observer; false (and the failure reported) when it threw.</summary>
    private bool TryNotify(Action<OutputLine> observer, OutputLine line)
    {
        try
        {
            observer(line);
            return true;
        }
#pragma warning disable CA1031 // A user observer may throw anything; it must not stop the lines of others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _observerFailed(e);
            return false;
        }
    }

    private void Unobserve(Action<OutputLine> observer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index >= 0)
            {
                _observers = [.. _observers.AsSpan(0, index), .. _observers.AsSpan(index + 1)];
            }
        }
    }

    private sealed class StreamQueue
    {
        internal Queue<(long Sequence, OutputLine Line)> Lines { get; } = new();

        internal bool Overflowed { get; set; }
    }

    private sealed class Subscription(LineStore store, Action<OutputLine> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Unobserve(observer);
            }
        }
    }
}
