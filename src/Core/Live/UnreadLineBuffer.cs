namespace ProcessKit;

/// <summary>What a started process does with a new line when its unread-line buffer is full.</summary>
public enum UnreadLinePolicy
{
    /// <summary>Keep every line: the buffer grows without bound (the capacity is ignored).</summary>
    KeepAll,

    /// <summary>Drop the oldest unread line to make room (counted in <see cref="RunningProcess.DroppedLineCount"/>).</summary>
    DropOldest,

    /// <summary>Drop the new line (counted in <see cref="RunningProcess.DroppedLineCount"/>).</summary>
    DropNewest,

    /// <summary>Stop buffering: the reader gets an <see cref="UnreadLinesOverflowException"/> once it has read what was kept.</summary>
    Fail,
}

/// <summary>
/// The bound on lines a started process keeps until they are read, per stream. The default keeps
/// the newest 10,000 lines per stream and drops older unread ones, so a chatty child that nobody
/// reads costs bounded memory.
/// </summary>
public sealed record UnreadLineBuffer
{
    /// <summary>Creates a bound.</summary>
    /// <param name="capacity">The most unread lines kept per stream (at least 1).</param>
    /// <param name="whenFull">What happens to a line that does not fit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1, or <paramref name="whenFull"/> is not defined.</exception>
    public UnreadLineBuffer(int capacity, UnreadLinePolicy whenFull)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!Enum.IsDefined(whenFull))
        {
            throw new ArgumentOutOfRangeException(nameof(whenFull), whenFull, "Not a defined UnreadLinePolicy.");
        }

        Capacity = capacity;
        WhenFull = whenFull;
    }

    /// <summary>The newest 10,000 lines per stream; older unread lines are dropped.</summary>
    public static UnreadLineBuffer Default { get; } = new(10_000, UnreadLinePolicy.DropOldest);

    /// <summary>The most unread lines kept per stream.</summary>
    public int Capacity { get; }

    /// <summary>What happens to a line that does not fit.</summary>
    public UnreadLinePolicy WhenFull { get; }
}
