namespace ProcessKit.Testing;

/// <summary>
/// The rules of a <see cref="ScriptedRunner"/>, indexed so that a call looks only at the rules that
/// could match it: those whose pattern fixes the first argument to the command's own (exact lists and
/// prefixes), merged in registration order with those that fix no first argument (any arguments,
/// regular expressions, predicates). Immutable: adding a rule builds a new index, so calls never
/// lock. First-match-wins is kept because both lists are in registration order.
/// </summary>
internal sealed class RuleIndex
{
    private readonly Dictionary<string, ScriptedRule[]> _byFirstArgument;
    private readonly ScriptedRule[] _unkeyed;

    private RuleIndex(ScriptedRule[] all, Dictionary<string, ScriptedRule[]> byFirstArgument, ScriptedRule[] unkeyed)
    {
        All = all;
        _byFirstArgument = byFirstArgument;
        _unkeyed = unkeyed;
    }

    internal static RuleIndex Empty { get; } = new([], new Dictionary<string, ScriptedRule[]>(StringComparer.Ordinal), []);

    /// <summary>Every rule, in registration order.</summary>
    internal ScriptedRule[] All { get; }

    /// <summary>A new index with <paramref name="rule"/> after the others.</summary>
    internal RuleIndex Add(ScriptedRule rule)
    {
        var byFirstArgument = new Dictionary<string, ScriptedRule[]>(_byFirstArgument, StringComparer.Ordinal);
        var unkeyed = _unkeyed;
        if (rule.Pattern.FirstArgument is { } key)
        {
            byFirstArgument[key] = byFirstArgument.TryGetValue(key, out var rules) ? [.. rules, rule] : [rule];
        }
        else
        {
            unkeyed = [.. unkeyed, rule];
        }

        return new RuleIndex([.. All, rule], byFirstArgument, unkeyed);
    }

    /// <summary>The reply of the first rule, in registration order, that matches the command and still has one; else null.</summary>
    internal ScriptedReply? Take(in CommandView command)
    {
        var keyed = command.First is { } first && _byFirstArgument.TryGetValue(first, out var rules) ? rules : [];
        var unkeyed = _unkeyed;
        int k = 0, u = 0;
        while (k < keyed.Length || u < unkeyed.Length)
        {
            var rule = u == unkeyed.Length || (k < keyed.Length && keyed[k].Number < unkeyed[u].Number)
                ? keyed[k++]
                : unkeyed[u++];
            if (!rule.IsExhausted && rule.Pattern.Matches(command) && rule.TryTake() is { } reply)
            {
                return reply;
            }
        }

        return null;
    }
}
