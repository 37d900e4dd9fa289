namespace ProcessKit.Testing;

/// <summary>
/// The rules of a <see cref="ScriptedRunner"/>, indexed so that a call looks only at the rules that
/// could match it. Exact lists and prefixes fix the first arguments of every command they match;
/// they sit in a tree keyed by those arguments, so a command's walk down the tree (one lookup per
/// argument, stopping where the tree does) reaches exactly the rules whose fixed arguments begin
/// its own. The rules that fix no argument (any arguments, regular expressions, predicates) are
/// always candidates. Both lists are in registration order and are merged as they are read, so the
/// first matching rule still wins.
/// </summary>
/// <remarks>
/// Immutable: adding a rule makes a new index, so calls never lock. The tree is built on the first
/// call after a change, once, however many rules were added.
/// </remarks>
internal sealed class RuleIndex
{
    private readonly Lazy<Lookup> _lookup;

    private RuleIndex(ScriptedRule[] all)
    {
        All = all;
        _lookup = new Lazy<Lookup>(() => Lookup.Build(all), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal static RuleIndex Empty { get; } = new([]);

    /// <summary>Every rule, in registration order.</summary>
    internal ScriptedRule[] All { get; }

    /// <summary>A new index with <paramref name="rule"/> after the others.</summary>
    internal RuleIndex Add(ScriptedRule rule) => new([.. All, rule]);

    /// <summary>The reply of the first rule, in registration order, that matches the command and still has one; else null.</summary>
    internal ScriptedReply? Take(in CommandView command)
    {
        var lookup = _lookup.Value;
        var keyed = lookup.CandidatesFor(command);
        var unkeyed = lookup.Unkeyed;
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

    /// <summary>The tree of rules by their fixed arguments, and the rules that fix none.</summary>
    private sealed class Lookup(Node root, ScriptedRule[] unkeyed)
    {
        internal ScriptedRule[] Unkeyed => unkeyed;

        internal static Lookup Build(ScriptedRule[] rules)
        {
            var root = new Node();
            var unkeyed = new List<ScriptedRule>();
            foreach (var rule in rules)
            {
                var literals = rule.Pattern.LiteralPrefix;
                if (literals.IsEmpty)
                {
                    unkeyed.Add(rule);
                    continue;
                }

                var node = root;
                foreach (var literal in literals)
                {
                    node = node.Child(literal);
                }

                node.Own.Add(rule);
            }

            root.Seal([]);
            return new Lookup(root, [.. unkeyed]);
        }

        /// <summary>The keyed rules whose fixed arguments begin the command's arguments, in registration order.</summary>
        internal ScriptedRule[] CandidatesFor(in CommandView command)
        {
            var node = root;
            foreach (var argument in command.Arguments)
            {
                if (node.Children is null || !node.Children.TryGetValue(argument, out var child))
                {
                    break;
                }

                node = child;
            }

            return node.Candidates;
        }
    }

    /// <summary>One argument position of the tree: the rules whose fixed arguments end here, and after sealing, those of every ancestor too.</summary>
    private sealed class Node
    {
        internal Dictionary<string, Node>? Children { get; private set; }

        internal List<ScriptedRule> Own { get; } = [];

        internal ScriptedRule[] Candidates { get; private set; } = [];

        internal Node Child(string argument)
        {
            Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!Children.TryGetValue(argument, out var child))
            {
                child = new Node();
                Children.Add(argument, child);
            }

            return child;
        }

        /// <summary>Sets the candidates here to the ancestors' and these rules, in registration order, and seals the children likewise.</summary>
        internal void Seal(ScriptedRule[] inherited)
        {
            Candidates = Own.Count == 0 ? inherited : [.. inherited.Concat(Own).OrderBy(rule => rule.Number)];
            if (Children is not null)
            {
                foreach (var child in Children.Values)
                {
                    child.Seal(Candidates);
                }
            }
        }
    }
}
