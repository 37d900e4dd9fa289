using System.Collections.Immutable;
using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// The pattern half of a <see cref="ScriptedRunner"/> rule, from <see cref="ScriptedRunner.On(CommandPattern)"/>:
/// choose how its reply is given (<see cref="Once"/>, <see cref="Always"/>, <see cref="InSequence(IEnumerable{ScriptedReply})"/>)
/// and the rule is added after the runner's earlier rules. Each method returns the runner, to
/// script the next rule.
/// </summary>
public sealed class ScriptedRuleBuilder
{
    private readonly ScriptedRunner _runner;
    private readonly CommandPattern _pattern;

    internal ScriptedRuleBuilder(ScriptedRunner runner, CommandPattern pattern)
    {
        _runner = runner;
        _pattern = pattern;
    }

    /// <summary>Answers the first matching call with <paramref name="reply"/>; after that the rule no longer matches.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>The runner.</returns>
    public ScriptedRunner Once(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return _runner.Add(_pattern, [reply], AfterLastReply.Miss, "once: " + reply);
    }

    /// <summary>Answers every matching call with <paramref name="reply"/>.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>The runner.</returns>
    public ScriptedRunner Always(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return _runner.Add(_pattern, [reply], AfterLastReply.RepeatLast, "always: " + reply);
    }

    /// <summary>Answers matching calls with <paramref name="replies"/>, one per call in order, then the last for every later call.</summary>
    /// <param name="replies">At least one reply.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="ArgumentException">No reply is given, or one is null.</exception>
    public ScriptedRunner InSequence(params IEnumerable<ScriptedReply> replies) => InSequence(replies, AfterLastReply.RepeatLast);

    /// <summary>Answers matching calls with <paramref name="replies"/>, one per call in order, then as <paramref name="afterLast"/> says.</summary>
    /// <param name="replies">At least one reply.</param>
    /// <param name="afterLast">Repeat the last reply, or stop matching.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="ArgumentException">No reply is given, or one is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterLast"/> is not a defined value.</exception>
    public ScriptedRunner InSequence(IEnumerable<ScriptedReply> replies, AfterLastReply afterLast)
    {
        ArgumentNullException.ThrowIfNull(replies);
        if (!Enum.IsDefined(afterLast))
        {
            throw new ArgumentOutOfRangeException(nameof(afterLast), afterLast, "Not a defined AfterLastReply.");
        }

        var list = replies.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A sequence needs at least one reply.", nameof(replies));
        }

        if (list.IndexOf(null!) is var index and >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Reply {index + 1} of the sequence is null."), nameof(replies));
        }

        var then = afterLast == AfterLastReply.RepeatLast ? "then repeats the last" : "then misses";
        return _runner.Add(_pattern, list, afterLast, string.Create(CultureInfo.InvariantCulture, $"sequence of {list.Length}, {then}"));
    }
}
