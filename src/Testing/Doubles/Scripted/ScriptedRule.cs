using System.Collections.Immutable;
using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// One rule of a <see cref="ScriptedRunner"/>: a pattern and its replies, given one per call in
/// order, then the last again (<see cref="AfterLastReply.RepeatLast"/>) or none. Thread-safe: each
/// call takes its reply with one atomic increment, so parallel calls never share a reply that is
/// meant to be used once.
/// </summary>
internal sealed class ScriptedRule(int number, CommandPattern pattern, ImmutableArray<ScriptedReply> replies, AfterLastReply afterLast, string use)
{
    private long _taken;

    internal int Number => number;

    internal CommandPattern Pattern => pattern;

    /// <summary>True when the rule no longer matches anything: every reply was given and it does not repeat.</summary>
    internal bool IsExhausted => afterLast == AfterLastReply.Miss && Volatile.Read(ref _taken) >= replies.Length;

    /// <summary>True when every reply has been given at least once.</summary>
    internal bool IsUsedUp => Volatile.Read(ref _taken) >= replies.Length;

    /// <summary>How many of its replies have been given (at most their count).</summary>
    internal int RepliesGiven => (int)Math.Min(Volatile.Read(ref _taken), replies.Length);

    internal int ReplyCount => replies.Length;

    /// <summary>Takes the next reply, or null when the rule is exhausted (a concurrent caller took the last one).</summary>
    internal ScriptedReply? TryTake()
    {
        if (IsExhausted)
        {
            return null;
        }

        var index = Interlocked.Increment(ref _taken) - 1;
        if (index < replies.Length)
        {
            return replies[(int)index];
        }

        return afterLast == AfterLastReply.RepeatLast ? replies[^1] : null;
    }

    /// <summary>The rule as messages show it: <c>#2 git status (once: exit 0)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{number} {pattern} ({use})");
}
